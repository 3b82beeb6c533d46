using System.Globalization;
using System.Text;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Generation.CSharp;

/// <summary>
/// C#: analysis of the syntax tree with Roslyn, observed calls through a harness that loads the built assembly in a
/// child process, xUnit <c>[Fact]</c> tests written into the existing xUnit test project that references the code's
/// project (candidates in <c>&lt;tests&gt;/LightningGenerated/</c>, accepted tests in <c>&lt;tests&gt;/Generated/</c>).
/// One instance serves one generation or one write: it remembers the projects it found and the classes analysed.
/// </summary>
internal sealed class CSharpSupport : LanguageSupport
{
    /// <summary>The folder (and namespace suffix) of candidates in the scratch copy's test project: the coverage baseline leaves it out.</summary>
    public const string CandidateFolder = "LightningGenerated";

    const string AcceptedFolder = "Generated";

    static readonly string[] TestFolders = ["test", "tests", "Tests", "Test"];

    readonly Dictionary<string, IReadOnlyList<CSharpProject>> _projects = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyDictionary<string, string>> _fullNames = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyList<TestPointClass>> _classes = new(StringComparer.Ordinal);
    string? _target;
    CSharpProject? _tests;

    public override GenerationLanguage Language => GenerationLanguage.CSharp;

    public override TestFramework Framework => TestFramework.DotnetTest;

    /// <summary>Generated tests are xUnit facts, whatever else the dotnet runner can run.</summary>
    public override string FrameworkName => "xUnit";

    public override string Program => "dotnet";

    /// <summary>No script helper: analysis is in-process (syntax only) and execution goes through the built harness (<see cref="CSharpHarness"/>).</summary>
    public override string HelperFile => "CSharp.Program.txt";

    public override string? TestProjectRoot => _tests?.Directory is { } directory ? (directory.Length == 0 ? "." : directory) : null;

    /// <summary>The xUnit test project the last target's tests go to.</summary>
    public CSharpProject? Tests => _tests;

    public override bool IsSource(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var segments = relativePath.Split('/');
        return relativePath.EndsWith(".cs", StringComparison.Ordinal)
            && !name.EndsWith("Tests.cs", StringComparison.Ordinal) && !name.EndsWith("Test.cs", StringComparison.Ordinal)
            && !name.EndsWith(".g.cs", StringComparison.Ordinal) && !name.EndsWith(".Designer.cs", StringComparison.Ordinal)
            && name is not ("AssemblyInfo.cs" or "GlobalUsings.cs" or "Program.cs")
            && !segments[..^1].Any(segment => segment is "bin" or "obj" || TestFolders.Contains(segment)
                || segment.EndsWith(".Tests", StringComparison.Ordinal) || segment.EndsWith(".Test", StringComparison.Ordinal) || segment.EndsWith(".UnitTests", StringComparison.Ordinal));
    }

    /// <summary>The project of <paramref name="target"/> and its xUnit test project (throws the one-line error naming what to add when there is none).</summary>
    public (CSharpProject Library, CSharpProject Tests) Projects(string projectDirectory, string target)
    {
        if (!_projects.TryGetValue(projectDirectory, out var projects))
        {
            _projects[projectDirectory] = projects = CSharpProjects.Scan(projectDirectory);
        }

        var found = CSharpProjects.Find(projects, target);
        _tests = found.Tests;
        return found;
    }

    /// <summary>The built assembly of each library project (repository-relative project file), null when it did not build.</summary>
    public Dictionary<string, string?> Assemblies { get; } = new(StringComparer.Ordinal);

    /// <summary>Remembers what analysis found for <paramref name="target"/>: its classes and their namespace-qualified names.</summary>
    public void Remember(string target, CSharpAnalyzer.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _fullNames[target] = result.FullNames;
        _classes[target] = result.Analysis.Classes;
    }

    public IReadOnlyList<TestPointClass> Classes(string target) => _classes.GetValueOrDefault(target) ?? [];

    /// <summary>The target whose calls are characterised next.</summary>
    public void SetTarget(string target) => _target = target;

    public string FullName(string target, string className) =>
        _fullNames.TryGetValue(target, out var names) && names.TryGetValue(className, out var full) ? full : className;

    public override string CandidateFile(string projectDirectory, string target, int index) =>
        Join(Projects(projectDirectory, target).Tests.Directory, $"{CandidateFolder}/Lgen{Pascal(Path.GetFileNameWithoutExtension(target))}{index}Tests.cs");

    public override string AcceptedFile(string projectDirectory, string target) =>
        FreeName(projectDirectory, Join(Projects(projectDirectory, target).Tests.Directory, AcceptedFolder), $"{Pascal(Path.GetFileNameWithoutExtension(target))}GeneratedTests", ".cs");

    public override IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var tests = Projects(projectDirectory, target).Tests;
        var namespaces = analysis.Points.Select(point => point.ClassName).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(className => FullName(target, className)).Where(full => full.Contains('.', StringComparison.Ordinal))
            .Select(full => full[..full.LastIndexOf('.')]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        IEnumerable<string> system = tests.ImplicitUsings ? [] : ["using System;", "using System.Collections.Generic;"];
        return [.. system, "using Xunit;", .. namespaces.Select(ns => $"using {ns};")];
    }

    public override string Render(IEnumerable<string> imports, IEnumerable<string> tests) => RenderAt("Generated/GeneratedTests.cs", imports, tests);

    /// <summary>One class per file, named after it, in the test project's namespace plus the folder: <c>Calc.Tests.Generated.CalcGeneratedTests</c>.</summary>
    public override string RenderAt(string file, IEnumerable<string> imports, IEnumerable<string> tests)
    {
        ArgumentNullException.ThrowIfNull(file);
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"namespace {Namespace(file)};\n\n")
            .Append(CultureInfo.InvariantCulture, $"public sealed class {Path.GetFileNameWithoutExtension(file)}\n{{\n")
            .Append(string.Join("\n\n", tests.Select(test => Indent(test.Trim()))))
            .Append("\n}");
        return RenderFile("//", "\n\n", imports, [body.ToString()]);
    }

    public override (string Name, string Code)? Characterise(CallPlan call, Observation observation, ISet<string> usedNames)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(observation);
        if (!observation.Stable || call.Point.ClassName is not { } className)
        {
            return null;
        }

        var point = call.Point;
        var owner = Owner(className);
        var arguments = Arguments(call.Arguments.Select(argument => argument.Input.Source));
        // A generic method is called with the type arguments the analysis picked: Tools.Max<int>(1, 2).
        var expression = point.Static
            ? $"{owner}.{point.Name}{point.TypeArgs}({arguments})"
            : $"new {owner}({Arguments(call.ConstructorArguments.Select(input => input.Source))}).{point.Name}{point.TypeArgs}({arguments})";
        var scenario = call.Labels.Length > 0 ? Pascal(call.Labels) : "Typical";
        string expected, summary, body;
        switch (observation.Kind)
        {
            case "raised" when observation.Type is { } type:
                var exception = TypeName(type, observation.TypeModule);
                expected = "Throws" + Simple(type);
                summary = $"throws {Simple(type)}";
                body = $"Assert.Throws<{exception}>(() => {expression});";
                break;
            case "returned" when observation.Type == "void":
                expected = "DoesNotThrow";
                summary = "returns without throwing";
                body = $"var exception = Record.Exception(() => {expression});\n\nAssert.Null(exception);";
                break;
            case "returned" when observation.Value is { } value:
                expected = "Returns" + ValueName(value);
                summary = $"returns {Short(value)}";
                body = value switch
                {
                    "null" => $"Assert.Null({expression});",
                    "true" => $"Assert.True({expression});",
                    "false" => $"Assert.False({expression});",
                    _ => $"Assert.Equal({value}, {expression});",
                };
                break;
            case "returned" when observation.Type is { } type:
                expected = "Returns" + Simple(type);
                summary = $"returns a {Simple(type)}";
                body = $"Assert.IsType<{TypeName(type, observation.TypeModule)}>({expression});";
                break;
            default:
                return null;
        }

        var name = Unique($"{point.Name}_{scenario}_{expected}", usedNames);
        var code = $$"""
            /// <summary>{{Xml(expression)}} {{Xml(summary)}}, as observed when this test was generated.</summary>
            [Fact]
            public void {{name}}()
            {
            {{Indent(body)}}
            }
            """;
        return (name, code);
    }

    /// <summary>The runner's selector: the test method's fully qualified name.</summary>
    public override string Selector(string testFile, string name) =>
        $"{Namespace(Join(_tests?.Directory ?? string.Empty, testFile))}.{Path.GetFileNameWithoutExtension(testFile)}.{name}";

    /// <summary>The class as written in a test: its simple name, or <c>global::</c> qualified where a namespace of the same name would hide it.</summary>
    string Owner(string className)
    {
        var full = _target is null ? className : FullName(_target, className);
        var hidden = full.Split('.').SkipLast(1).Contains(className, StringComparer.Ordinal)
            || (_tests?.RootNamespace.Split('.').Contains(className, StringComparer.Ordinal) ?? false)
            || className is AcceptedFolder or CandidateFolder;
        return hidden ? "global::" + full : className;
    }

    /// <summary>An exception or result type as written: <c>System</c> and the target's namespaces by simple name, others qualified.</summary>
    string TypeName(string type, string? module)
    {
        var simple = Simple(type);
        var own = _target is not null && _fullNames.TryGetValue(_target, out var names) && names.Values.Any(full => full.Contains('.', StringComparison.Ordinal) && full[..full.LastIndexOf('.')] == module);
        return (module == "System" || own) && type == $"{module}.{simple}" ? simple : "global::" + type;
    }

    /// <summary>The namespace of a test file: the test project's root namespace and the folders below it.</summary>
    string Namespace(string file)
    {
        var directory = Path.GetDirectoryName(file)?.Replace('\\', '/') ?? string.Empty;
        if (_tests is { } tests && (tests.Directory.Length == 0 || directory == tests.Directory || directory.StartsWith(tests.Directory + "/", StringComparison.Ordinal)))
        {
            var below = tests.Directory.Length == 0 ? directory : directory[tests.Directory.Length..].TrimStart('/');
            return CSharpProjects.Identifier(below.Length == 0 ? tests.RootNamespace : $"{tests.RootNamespace}.{below.Replace('/', '.')}");
        }

        return CSharpProjects.Identifier(string.Join('.', directory.Split('/').TakeLast(2)));
    }

    static string Simple(string type) => type[(type.LastIndexOf('.') + 1)..];

    /// <summary>Words for a returned literal: <c>5</c>, <c>Minus1</c>, <c>2Point5</c>, <c>IntMaxValue</c>, <c>EmptyString</c>, <c>Abc</c>, <c>Array</c>.</summary>
    internal static string ValueName(string value)
    {
        if (value.StartsWith('"'))
        {
            var text = value[1..^1];
            return text.Length == 0 ? "EmptyString" : text.Length <= 16 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') ? Pascal(text) : "String";
        }

        if (value.StartsWith("new ", StringComparison.Ordinal) || value.StartsWith("Array.Empty", StringComparison.Ordinal))
        {
            return value.StartsWith("Array.Empty", StringComparison.Ordinal) ? "EmptyArray" : "Array";
        }

        if (value.StartsWith("global::", StringComparison.Ordinal))
        {
            return Pascal(Simple(value));
        }

        var number = value.TrimEnd('d', 'L', 'm', 'f', 'u', 'U');
        if (number.Length > 0 && (char.IsDigit(number[0]) || number[0] == '-'))
        {
            return Pascal(number.Replace("-", "minus_", StringComparison.Ordinal).Replace(".", "_point_", StringComparison.Ordinal).Replace("+", string.Empty, StringComparison.Ordinal));
        }

        return Pascal(value.Replace('.', '_'));
    }

    /// <summary><c>empty_string_and_zero</c> → <c>EmptyStringAndZero</c>; digits stay (<c>2_point_5</c> → <c>2Point5</c>).</summary>
    internal static string Pascal(string text)
    {
        var words = Snake(text).Split('_', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Concat(words.Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        return joined.Length == 0 ? "Value" : joined;
    }

    static string Join(string directory, string name) => directory is "" or "." ? name : $"{directory}/{name}";

    static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    static string Short(string value) => value.Length <= 60 ? value : value[..57] + "...";

    static string Xml(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
