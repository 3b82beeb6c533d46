using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Generation.JavaScript;

/// <summary>
/// JavaScript (CommonJS and ES modules): analysis of the loaded module's exports and their source text, observed calls
/// in a worker thread under V8 block coverage, Jest tests (<c>require</c> or <c>import</c> as the module is written).
/// </summary>
internal class JavaScriptSupport : LanguageSupport
{
    static readonly string[] Ignored = ["node_modules/", "test/", "tests/", "__tests__/", "coverage/", "dist/", "build/"];

    static readonly HashSet<string> BuiltinErrors = new(StringComparer.Ordinal) { "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError" };

    public override GenerationLanguage Language => GenerationLanguage.JavaScript;

    public override TestFramework Framework => TestFramework.Jest;

    public override string Program => "node";

    public override string HelperFile => "lightning_testgen.js";

    public override bool IsSource(string relativePath) =>
        (relativePath.EndsWith(".js", StringComparison.Ordinal) || relativePath.EndsWith(".cjs", StringComparison.Ordinal) || relativePath.EndsWith(".mjs", StringComparison.Ordinal))
        && IsNotTestOrDependency(relativePath);

    /// <summary>Not a test, a config file or a dependency's or build's file.</summary>
    protected static bool IsNotTestOrDependency(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return !name.Contains(".test.", StringComparison.Ordinal) && !name.Contains(".spec.", StringComparison.Ordinal)
            && !name.StartsWith("jest.config", StringComparison.Ordinal) && !name.StartsWith('.') && !name.EndsWith(".config.js", StringComparison.Ordinal)
            && !Ignored.Any(prefix => relativePath.StartsWith(prefix, StringComparison.Ordinal) || relativePath.Contains("/" + prefix, StringComparison.Ordinal));
    }

    public override string CandidateFile(string projectDirectory, string target, int index) =>
        Join(Directory(projectDirectory, target), $"lgen_{Stem(target)}_{index}{TestExtension(target)}");

    public override string AcceptedFile(string projectDirectory, string target) =>
        FreeName(projectDirectory, Directory(projectDirectory, target), $"{Stem(target)}.generated", TestExtension(target));

    /// <summary>A test of an <c>.mjs</c> file is an <c>.mjs</c> file too (an ES module wherever it lies).</summary>
    protected virtual string TestExtension(string target) => target.EndsWith(".mjs", StringComparison.Ordinal) ? ".test.mjs" : ".test.js";

    public override IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations)
    {
        var from = Path.GetDirectoryName(testFile.Replace('/', Path.DirectorySeparatorChar)) ?? string.Empty;
        var relative = Path.GetRelativePath(string.IsNullOrEmpty(from) ? "." : from, target.Replace('/', Path.DirectorySeparatorChar)).Replace('\\', '/');
        if (!relative.StartsWith('.'))
        {
            relative = "./" + relative;
        }

        if (analysis.ModuleKind is "esm" or "typescript")
        {
            return ModuleImports(analysis, target, relative);
        }

        relative = relative[..^Path.GetExtension(relative).Length];
        if (analysis.ExportsFunction)
        {
            return [$"const {DefaultName(target)} = require('{relative}');"];
        }

        var names = analysis.Points.Select(point => point.ClassName ?? point.Name).Distinct(StringComparer.Ordinal);
        return [$"const {{ {string.Join(", ", names)} }} = require('{relative}');"];
    }

    /// <summary>
    /// <c>import name, { a, B } from './file.mjs'</c>: ES modules are imported by their full file name (Node's ESM
    /// resolution does not add extensions); the default export, when it is a function, under the file's name.
    /// </summary>
    protected virtual IReadOnlyList<string> ModuleImports(CodeAnalysis analysis, string target, string relative)
    {
        var named = analysis.Points.Where(point => point.Name != "default" || point.ClassName is not null)
            .Select(point => point.ClassName ?? point.Name).Distinct(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (analysis.Points.Any(point => point.Name == "default" && point.ClassName is null))
        {
            parts.Add(DefaultName(target));
        }

        if (named.Count > 0)
        {
            parts.Add($"{{ {string.Join(", ", named)} }}");
        }

        return [$"import {string.Join(", ", parts)} from '{relative}';"];
    }

    /// <summary>Whether a target is an ES module: an <c>.mjs</c> file, or a <c>.js</c> file of a package with <c>"type": "module"</c>.</summary>
    public static bool IsNativeEsm(string projectDirectory, IEnumerable<string> targets) =>
        targets.Any(target => target.EndsWith(".mjs", StringComparison.Ordinal)
            || (target.EndsWith(".js", StringComparison.Ordinal) && PackageType(projectDirectory, target) == "module"));

    /// <summary>The <c>type</c> of the package.json nearest to <paramref name="target"/> (up to the project), or null.</summary>
    static string? PackageType(string projectDirectory, string target)
    {
        for (var directory = Path.GetDirectoryName(Path.Combine(projectDirectory, target)); directory is not null && directory.StartsWith(projectDirectory, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
        {
            var manifest = Path.Combine(directory, "package.json");
            if (!File.Exists(manifest))
            {
                continue;
            }

            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
                return document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String ? type.GetString() : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The Jest command under <c>node --experimental-vm-modules</c>, which Jest needs to run ES modules natively
    /// (a <c>jest</c> found on the PATH is run as the script it is).
    /// </summary>
    public static DetectedTestProject WithVmModules(DetectedTestProject project, ToolchainReport toolchain)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(toolchain);
        var command = project.Command;
        if (command.Count == 0 || command.Contains(VmModules))
        {
            return project;
        }

        return project with
        {
            Command = command[0] == "node"
                ? ["node", VmModules, .. command.Skip(1)]
                : ["node", VmModules, toolchain.Resolve([command[0]])[0], .. command.Skip(1)],
        };
    }

    const string VmModules = "--experimental-vm-modules";

    public override string Render(IEnumerable<string> imports, IEnumerable<string> tests) => RenderFile("//", "\n\n", imports, tests);

    public override (string Name, string Code)? Characterise(CallPlan call, Observation observation, ISet<string> usedNames)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(observation);
        if (!observation.Stable)
        {
            return null;
        }

        var point = call.Point;
        var arguments = Arguments(call.Arguments.Select(argument => argument.Input.Source));
        var callee = point.Name == "default" && point.ClassName is null ? _defaultName ?? "fn" : point.Name;
        var expression = point.ClassName is null
            ? $"{callee}({arguments})"
            : point.Static
                ? $"{point.ClassName}.{point.Name}({arguments})"
                : $"new {point.ClassName}({Arguments(call.ConstructorArguments.Select(input => input.Source))}).{point.Name}({arguments})";
        // An async function's test awaits it: the value it resolves to, the error it rejects with.
        var settled = point.IsAsync ? $"(await {expression})" : expression;
        var subject = (point.ClassName is null ? callee : point.QualifiedName) + (call.Labels.Length > 0 ? " with " + call.Labels.Replace('_', ' ') : string.Empty);
        switch (observation.Kind)
        {
            case "raised" when observation.Type is { } type:
            {
                var title = Unique($"{subject} throws {type}", usedNames);
                var body = BuiltinErrors.Contains(type)
                    ? point.IsAsync ? $"  await expect({expression}).rejects.toThrow({type});" : $"  expect(() => {expression}).toThrow({type});"
                    : $$"""
                        let thrown;
                        try {
                          {{settled}};
                        } catch (error) {
                          thrown = error;
                        }
                        expect(thrown?.constructor?.name).toBe({{Quote(type)}});
                      """.TrimEnd();
                return (title, Test(title, $"{Comment(expression)} throws {type}", body, point.IsAsync));
            }

            case "returned" when observation.Value is { } value:
            {
                var title = Unique($"{subject} returns {Words(observation)}", usedNames);
                var matcher = value switch
                {
                    "undefined" => "toBeUndefined()",
                    "null" => "toBeNull()",
                    "NaN" => "toBeNaN()",
                    _ => $"toStrictEqual({value})",
                };
                return (title, Test(title, $"{Comment(expression)} returns {Comment(Short(value))}", $"  expect({settled}).{matcher};", point.IsAsync));
            }

            case "returned" when observation.Type is { } type:
            {
                var title = Unique($"{subject} returns an {type}", usedNames);
                var check = type == "array" ? $"  expect(Array.isArray({settled})).toBe(true);" : $"  expect(typeof {settled}).toBe({Quote(type)});";
                return (title, Test(title, $"{Comment(expression)} returns a value of type {type}", check, point.IsAsync));
            }

            default:
                return null;
        }
    }

    public override string Selector(string testFile, string name) => $"{testFile}::{name}";

    string? _defaultName;

    /// <summary>The name a module exporting one function is required under (set before characterising a target's calls).</summary>
    public void SetTarget(string target) => _defaultName = DefaultName(target);

    protected static string DefaultName(string target)
    {
        var words = Snake(Path.GetFileNameWithoutExtension(target)).Split('_', StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(words.Select((word, index) => index == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
        return name.Length == 0 || char.IsDigit(name[0]) ? "subject" + name : name;
    }

    static string Test(string title, string comment, string body, bool awaits) => $$"""
        /** {{comment}}, as observed when this test was generated. */
        test({{Quote(title)}}, {{(awaits ? "async " : string.Empty)}}() => {
        {{body}}
        });
        """;

    static string Words(Observation observation) => observation.Value switch
    {
        "''" or "\"\"" => "an empty string",
        "[]" => "an empty array",
        "{}" => "an empty object",
        { Length: <= 24 } value => value,
        _ => "a " + (observation.Type ?? "value"),
    };

    static string Directory(string projectDirectory, string target) =>
        TestDirectory(projectDirectory, "__tests__", "test", "tests") ?? Path.GetDirectoryName(target)!.Replace('\\', '/');

    protected static string Stem(string target) => Snake(Path.GetFileNameWithoutExtension(target));

    static string Join(string directory, string name) => directory is "" or "." ? name : $"{directory}/{name}";

    static string Short(string value) => value.Length <= 60 ? value : value[..57] + "...";

    static string Comment(string text) => text.Replace("*/", "* /", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
