using Lightning.Testing.Detection;

namespace Lightning.Testing.Generation.Python;

/// <summary>Python: analysis with the <c>ast</c> module, observed calls under <c>sys.settrace</c>, pytest tests.</summary>
internal sealed class PythonSupport : LanguageSupport
{
    static readonly string[] Ignored = ["tests/", "test/", "docs/", ".venv/", "venv/", "build/", "dist/", "site-packages/"];

    /// <summary>How many items of a generator are pinned (the helper's <c>GENERATOR_ITEMS</c>).</summary>
    public const int GeneratorItems = 20;

    public override GenerationLanguage Language => GenerationLanguage.Python;

    public override TestFramework Framework => TestFramework.Pytest;

    public override string Program => "python3";

    public override string HelperFile => "lightning_testgen.py";

    public override bool IsSource(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return relativePath.EndsWith(".py", StringComparison.Ordinal)
            && !name.StartsWith("test_", StringComparison.Ordinal) && !name.EndsWith("_test.py", StringComparison.Ordinal)
            && name is not ("conftest.py" or "setup.py" or "__main__.py")
            && !Ignored.Any(prefix => relativePath.StartsWith(prefix, StringComparison.Ordinal) || relativePath.Contains("/" + prefix, StringComparison.Ordinal));
    }

    public override string CandidateFile(string projectDirectory, string target, int index) =>
        Join(TestDirectory(projectDirectory, "tests", "test") ?? Path.GetDirectoryName(target)!.Replace('\\', '/'), $"test_lgen_{Stem(target)}_{index}.py");

    public override string AcceptedFile(string projectDirectory, string target) =>
        FreeName(projectDirectory, TestDirectory(projectDirectory, "tests", "test") ?? Path.GetDirectoryName(target)!.Replace('\\', '/'), $"test_{Stem(target)}_generated", ".py");

    public override IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations)
    {
        var module = Module(target);
        var names = analysis.Points.Select(point => point.ClassName ?? point.Name).ToList();
        var modules = new List<string>();
        foreach (var observation in observations.Where(o => o.Kind == "raised" && o.Type is not null))
        {
            if (observation.TypeModule == module)
            {
                names.Add(observation.Type!);
            }
            else if (observation.TypeModule is { Length: > 0 } other && other != "builtins")
            {
                modules.Add($"import {other}");
            }
        }

        // Coroutines run to their end under asyncio.run, generators are read through islice: no pytest plugin needed.
        var runners = new List<string>();
        if (analysis.Points.Any(point => point.IsAsync && !point.IsGenerator))
        {
            runners.Add("import asyncio");
        }

        if (analysis.Points.Any(point => point.IsGenerator && !point.IsAsync))
        {
            runners.Add("from itertools import islice");
        }

        return ["import pytest", .. runners, .. modules.Distinct(StringComparer.Ordinal), $"from {module} import {string.Join(", ", names.Distinct(StringComparer.Ordinal))}"];
    }

    public override string Render(IEnumerable<string> imports, IEnumerable<string> tests) => RenderFile("#", "\n\n\n", imports, tests);

    public override (string Name, string Code)? Characterise(CallPlan call, Observation observation, ISet<string> usedNames)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(observation);
        if (!observation.Stable)
        {
            return null;
        }

        var point = call.Point;
        var arguments = Arguments(call.Arguments.Select(argument => argument.Name is { } name && IsKeywordOnly(point, name)
            ? $"{name}={argument.Input.Source}"
            : argument.Input.Source));
        var expression = point.ClassName is null
            ? $"{point.Name}({arguments})"
            : point.Static
                ? $"{point.ClassName}.{point.Name}({arguments})"
                : $"{point.ClassName}({Arguments(call.ConstructorArguments.Select(input => input.Source))}).{point.Name}({arguments})";
        expression = point switch
        {
            { IsAsync: true, IsGenerator: false } => $"asyncio.run({expression})",
            { IsGenerator: true, IsAsync: false } => $"list(islice({expression}, {GeneratorItems}))",
            _ => expression,
        };
        var stem = "test_" + Snake(point.QualifiedName) + (call.Labels.Length > 0 ? "_" + call.Labels : string.Empty);
        switch (observation.Kind)
        {
            case "raised" when observation.Type is { } type:
            {
                var reference = observation.TypeModule is { Length: > 0 } module && module != "builtins" && !IsTargetModule(observation)
                    ? $"{module}.{type}"
                    : type;
                var name = Unique(Snake($"{stem}_raises_{Snake(type)}"), usedNames);
                return (name, $"""
                    def {name}():
                        "{Escape(expression)} raises {type}, as observed when this test was generated."
                        with pytest.raises({reference}):
                            {expression}
                    """);
            }

            case "returned" when observation.Value is { } value:
            {
                var name = Unique(Snake($"{stem}_returns_{ValueWords(observation)}"), usedNames);
                var assertion = value is "None" or "True" or "False" ? $"assert {expression} is {value}" : $"assert {expression} == {value}";
                return (name, $"""
                    def {name}():
                        "{Escape(expression)} returns {Escape(Short(value))}, as observed when this test was generated."
                        {assertion}
                    """);
            }

            case "returned" when observation.Type is { } type:
            {
                var name = Unique(Snake($"{stem}_returns_{Snake(type)}"), usedNames);
                return (name, $"""
                    def {name}():
                        "{Escape(expression)} returns a {type}, as observed when this test was generated."
                        assert type({expression}).__name__ == '{type}'
                    """);
            }

            default:
                return null;
        }
    }

    public override string Selector(string testFile, string name) => $"{testFile}::{name}";

    /// <summary>The dotted module of a file relative to the project (<c>calc/parse.py</c> → <c>calc.parse</c>).</summary>
    public static string Module(string target)
    {
        var path = target.Replace('\\', '/');
        path = path.EndsWith(".py", StringComparison.Ordinal) ? path[..^3] : path;
        path = path.EndsWith("/__init__", StringComparison.Ordinal) ? path[..^"/__init__".Length] : path;
        return path.Replace('/', '.');
    }

    // The helper imports the target by its module name, so the target's own exceptions carry that module: imported by name.
    bool IsTargetModule(Observation observation) => _targetModule is not null && observation.TypeModule == _targetModule;

    string? _targetModule;

    /// <summary>The module whose names the imports bring in by name (set before characterising a target's calls).</summary>
    public void SetTarget(string target) => _targetModule = Module(target);

    static bool IsKeywordOnly(TestPoint point, string name) => point.Parameters.Any(parameter => parameter.Name == name && parameter.KeywordOnly);

    static string Stem(string target) => Snake(Path.GetFileNameWithoutExtension(target) is "__init__" ? Path.GetFileName(Path.GetDirectoryName(target)) ?? "package" : Path.GetFileNameWithoutExtension(target));

    static string Join(string directory, string name) => directory is "" or "." ? name : $"{directory}/{name}";

    static string Short(string value) => value.Length <= 60 ? value : value[..57] + "...";

    static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
