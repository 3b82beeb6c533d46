using Lightning.Testing.Runners.Jest;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.Jest;

public sealed class JestNodeOptionsTests : IDisposable
{
    readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    JestNodeOptionsTests Write(string path, string content)
    {
        var full = _project.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    [Theory]
    [InlineData("""{ "type": "module" }""")]
    [InlineData("""{ "type": "module", "jest": { "transform": {} } }""")]
    [InlineData("""{ "jest": { "extensionsToTreatAsEsm": [".ts"] } }""")]
    [InlineData("""{ "jest": { "preset": "ts-jest/presets/default-esm" } }""")]
    public void IsNativeEsm_PackageJson_NativeEsm(string package)
    {
        Write("package.json", package);

        Assert.True(JestNodeOptions.IsNativeEsm(_project.Path));
    }

    [Theory]
    [InlineData("""{ "name": "cjs" }""")]
    [InlineData("""{ "type": "commonjs", "jest": { "transform": {} } }""")]
    [InlineData("""{ "type": "module", "jest": { "transform": { "^.+\\.js$": "babel-jest" } } }""")]
    [InlineData("""{ "type": "module", "babel": { "presets": ["@babel/preset-env"] } }""")]
    [InlineData("not json")]
    public void IsNativeEsm_PackageJson_NotNativeEsm(string package)
    {
        Write("package.json", package);

        Assert.False(JestNodeOptions.IsNativeEsm(_project.Path));
    }

    [Fact]
    public void IsNativeEsm_TypeModuleWithBabelConfig_IsTransformed_UnlessTheConfigFileEmptiesTransform()
    {
        // babel-jest turns the modules into CommonJS: the flag would switch the project to ESM, where jest.mock stops hoisting.
        Write("package.json", """{ "type": "module" }""").Write("babel.config.cjs", "module.exports = { presets: ['@babel/preset-env'] };\n");
        Assert.False(JestNodeOptions.IsNativeEsm(_project.Path));

        Write("jest.config.js", "export default {\n  transform: {},\n};\n");
        Assert.True(JestNodeOptions.IsNativeEsm(_project.Path));
    }

    [Fact]
    public void IsNativeEsm_MjsTestOutsideNodeModules_NativeEsm()
    {
        Write("package.json", """{ "name": "cjs" }""").Write("node_modules/dep/x.test.mjs", "").Write("src/util.mjs", "");
        Assert.False(JestNodeOptions.IsNativeEsm(_project.Path), "an .mjs source or a dependency's test is not a test of the project");

        Write("src/__tests__/util.mjs", "");
        Assert.True(JestNodeOptions.IsNativeEsm(_project.Path));
    }

    [Fact]
    public void Compose_AppendsToTheUsersOptions_OnceEach()
    {
        Assert.Equal("--max-old-space-size=4096 --experimental-vm-modules",
            JestNodeOptions.Compose("--max-old-space-size=4096", [JestNodeOptions.VmModules]));
        Assert.Equal("--experimental-vm-modules --require /tmp/p.js",
            JestNodeOptions.Compose("--experimental-vm-modules", [JestNodeOptions.VmModules, JestNodeOptions.Require("/tmp/p.js")]));
        Assert.Equal("--require \"/tmp/a dir/p.js\"", JestNodeOptions.Require("/tmp/a dir/p.js"));
    }

    [Fact]
    public void For_NothingToAdd_IsNull_ElseTheGivenOptionsComeFirst()
    {
        Write("package.json", """{ "name": "cjs" }""");
        Assert.Null(JestNodeOptions.For(_project.Path, null));

        Write("package.json", """{ "type": "module" }""");
        var environment = new Dictionary<string, string> { ["NODE_OPTIONS"] = "--enable-source-maps" };
        Assert.Equal("--enable-source-maps --experimental-vm-modules --require /x/p.js", JestNodeOptions.For(_project.Path, environment, JestNodeOptions.Require("/x/p.js")));
    }
}
