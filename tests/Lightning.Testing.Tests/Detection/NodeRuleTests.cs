using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class NodeRuleTests
{
    [Fact]
    public async Task Detect_JestDevDependencyAndScript_WithoutLocalInstall_RunsJestFromThePath()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Jest(workspace, "repo");
        workspace.Write("repo/lib/__tests__/util.js").Write("repo/lib/util.js").Write("repo/node_modules/left-pad/index.test.js");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.Jest);
        project.Language.ShouldBe("JavaScript");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("package.json", "devDependencies has jest"),
            new DetectionEvidence("package.json", "scripts.test runs jest: jest"),
        ]);
        project.TestFileCount.ShouldBe(2);
        project.Command.ShouldBe(["jest", "--ci"]);
    }

    [Fact]
    public async Task Detect_JestSectionConfigFileAndTypeScript_AreEvidence()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/package.json", """{ "name": "web", "jest": { "testEnvironment": "node" }, "scripts": { "test": "jest --runInBand --coverage" } }""")
            .Write("repo/jest.config.ts", "export default {};\n")
            .Write("repo/tsconfig.json", "{}")
            .Write("repo/src/app.spec.tsx");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Language.ShouldBe("TypeScript");
        project.Evidence.Select(evidence => evidence.Reason).ShouldBe(
        [
            "has a \"jest\" configuration section",
            "scripts.test runs jest: jest --runInBand --coverage",
            "jest configuration file",
        ]);
        project.Evidence[2].File.ShouldBe("jest.config.ts");
        project.TestFileCount.ShouldBe(1);
        // Flags of a plain "jest ..." script are kept.
        project.Command.ShouldBe(["jest", "--runInBand", "--coverage", "--ci"]);
    }

    [Fact]
    public async Task Detect_JestInstalledInHoistedNodeModules_RunsItThroughNodeRelativeToThePackage()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/package.json", """{ "name": "root", "private": true, "workspaces": ["packages/*"] }""")
            .Write("repo/node_modules/jest/package.json", """{ "name": "jest", "version": "29.7.0", "bin": "./bin/jest.js" }""")
            .Write("repo/node_modules/jest/bin/jest.js", "console.log('29.7.0');\n")
            .Write("repo/packages/ui/package.json", """{ "name": "ui", "devDependencies": { "jest": "29.7.0" }, "scripts": { "test": "jest && echo done" } }""")
            .Write("repo/packages/ui/button.test.js");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("packages/ui");
        project.TestFileCount.ShouldBe(1);
        // The script uses the shell (&&): its flags are not copied, jest runs on its own.
        project.Command.ShouldBe(["node", "../../node_modules/jest/bin/jest.js", "--ci"]);
    }

    [Fact]
    public async Task Detect_NodeModulesLinkLeadingOutOfTheWorkspace_IsNotUsed()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Jest(workspace, "repo");
        Directory.CreateDirectory(Path.Combine(workspace.Outside, "jest", "bin"));
        File.WriteAllText(Path.Combine(workspace.Outside, "jest", "package.json"), """{ "name": "jest", "bin": "bin/jest.js" }""");
        File.WriteAllText(Path.Combine(workspace.Outside, "jest", "bin", "jest.js"), "");
        Directory.CreateDirectory(workspace.Full("repo/node_modules"));
        Directory.CreateSymbolicLink(workspace.Full("repo/node_modules/jest"), Path.Combine(workspace.Outside, "jest"));

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Command.ShouldBe(["jest", "--ci"]);
    }

    [Theory]
    [InlineData("vitest", """{ "devDependencies": { "vitest": "^1.0.0" } }""", "vitest.config.ts", TestFramework.Vitest)]
    [InlineData("mocha", """{ "scripts": { "test": "mocha" } }""", ".mocharc.json", TestFramework.Mocha)]
    public async Task Detect_VitestOrMocha_IsReportedAsNotSupportedWithoutACommand(string name, string packageJson, string config, TestFramework framework)
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/package.json", packageJson).Write($"repo/{config}", "{}").Write("repo/test/a.test.js");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(framework);
        project.Name.ShouldBe(name);
        project.Supported.ShouldBeFalse();
        project.Note.ShouldNotBeNull().ShouldContain("not supported yet: use the custom runner");
        project.Command.ShouldBeEmpty();
        project.Evidence.ShouldContain(new DetectionEvidence(config, $"{name} configuration file"));
        project.TestFileCount.ShouldBe(1);
    }

    [Fact]
    public async Task Detect_PackageWithoutTestFramework_FindsNothing()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/package.json", """{ "name": "x", "scripts": { "test": "echo \"Error: no test specified\" && exit 1" }, "dependencies": { "jest-diff": "1" } }""")
            .Write("repo/a.test.js")
            .Write("repo/broken/package.json", "{ not json");

        (await workspace.DetectAsync()).Projects.ShouldBeEmpty();
    }
}
