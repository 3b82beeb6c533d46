using Lightning.Testing.Detection;

namespace Lightning.Testing.Generation.JavaScript;

/// <summary>JavaScript (CommonJS): analysis of the loaded module's exports and their source text, observed calls under V8 block coverage, Jest tests.</summary>
internal sealed class JavaScriptSupport : LanguageSupport
{
    static readonly string[] Ignored = ["node_modules/", "test/", "tests/", "__tests__/", "coverage/", "dist/", "build/"];

    static readonly HashSet<string> BuiltinErrors = new(StringComparer.Ordinal) { "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError" };

    public override GenerationLanguage Language => GenerationLanguage.JavaScript;

    public override TestFramework Framework => TestFramework.Jest;

    public override string Program => "node";

    public override string HelperFile => "lightning_testgen.js";

    public override bool IsSource(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return (relativePath.EndsWith(".js", StringComparison.Ordinal) || relativePath.EndsWith(".cjs", StringComparison.Ordinal))
            && !name.Contains(".test.", StringComparison.Ordinal) && !name.Contains(".spec.", StringComparison.Ordinal)
            && !name.StartsWith("jest.config", StringComparison.Ordinal) && !name.StartsWith('.') && !name.EndsWith(".config.js", StringComparison.Ordinal)
            && !Ignored.Any(prefix => relativePath.StartsWith(prefix, StringComparison.Ordinal) || relativePath.Contains("/" + prefix, StringComparison.Ordinal));
    }

    public override string CandidateFile(string projectDirectory, string target, int index) =>
        Join(Directory(projectDirectory, target), $"lgen_{Stem(target)}_{index}.test.js");

    public override string AcceptedFile(string projectDirectory, string target) =>
        FreeName(projectDirectory, Directory(projectDirectory, target), $"{Stem(target)}.generated", ".test.js");

    public override IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations)
    {
        var from = Path.GetDirectoryName(testFile.Replace('/', Path.DirectorySeparatorChar)) ?? string.Empty;
        var relative = Path.GetRelativePath(string.IsNullOrEmpty(from) ? "." : from, target.Replace('/', Path.DirectorySeparatorChar)).Replace('\\', '/');
        relative = relative[..^Path.GetExtension(relative).Length];
        if (!relative.StartsWith('.'))
        {
            relative = "./" + relative;
        }

        if (analysis.ExportsFunction)
        {
            return [$"const {DefaultName(target)} = require('{relative}');"];
        }

        var names = analysis.Points.Select(point => point.ClassName ?? point.Name).Distinct(StringComparer.Ordinal);
        return [$"const {{ {string.Join(", ", names)} }} = require('{relative}');"];
    }

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
        var subject = (point.ClassName is null ? callee : point.QualifiedName) + (call.Labels.Length > 0 ? " with " + call.Labels.Replace('_', ' ') : string.Empty);
        switch (observation.Kind)
        {
            case "raised" when observation.Type is { } type:
            {
                var title = Unique($"{subject} throws {type}", usedNames);
                var body = BuiltinErrors.Contains(type)
                    ? $"  expect(() => {expression}).toThrow({type});"
                    : $$"""
                        let thrown;
                        try {
                          {{expression}};
                        } catch (error) {
                          thrown = error;
                        }
                        expect(thrown?.constructor?.name).toBe({{Quote(type)}});
                      """.TrimEnd();
                return (title, Test(title, $"{Comment(expression)} throws {type}", body));
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
                return (title, Test(title, $"{Comment(expression)} returns {Comment(Short(value))}", $"  expect({expression}).{matcher};"));
            }

            case "returned" when observation.Type is { } type:
            {
                var title = Unique($"{subject} returns an {type}", usedNames);
                var check = type == "array" ? $"  expect(Array.isArray({expression})).toBe(true);" : $"  expect(typeof {expression}).toBe({Quote(type)});";
                return (title, Test(title, $"{Comment(expression)} returns a value of type {type}", check));
            }

            default:
                return null;
        }
    }

    public override string Selector(string testFile, string name) => $"{testFile}::{name}";

    string? _defaultName;

    /// <summary>The name a module exporting one function is required under (set before characterising a target's calls).</summary>
    public void SetTarget(string target) => _defaultName = DefaultName(target);

    static string DefaultName(string target)
    {
        var words = Snake(Path.GetFileNameWithoutExtension(target)).Split('_', StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(words.Select((word, index) => index == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
        return name.Length == 0 || char.IsDigit(name[0]) ? "subject" + name : name;
    }

    static string Test(string title, string comment, string body) => $$"""
        /** {{comment}}, as observed when this test was generated. */
        test({{Quote(title)}}, () => {
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

    static string Stem(string target) => Snake(Path.GetFileNameWithoutExtension(target));

    static string Join(string directory, string name) => directory is "" or "." ? name : $"{directory}/{name}";

    static string Short(string value) => value.Length <= 60 ? value : value[..57] + "...";

    static string Comment(string text) => text.Replace("*/", "* /", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
