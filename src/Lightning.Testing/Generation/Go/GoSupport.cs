using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Generation.Go;

/// <summary>
/// Go (go test): analysis with go/parser and go/types and observed calls in a temporary <c>_test.go</c> harness, both by
/// the compiled helper <c>lightning_testgen.go</c>; tests are internal (same package as the code), one
/// <c>func TestX(t *testing.T)</c> each, in <c>&lt;file&gt;_lightning_test.go</c> beside the code.
/// </summary>
/// <remarks>
/// <see cref="Imports"/> gives the package clause first, then every import the tests might need (the target file's own
/// and a few standard packages); <see cref="Render"/> keeps those the tests use, because Go rejects unused imports.
/// </remarks>
internal sealed partial class GoSupport : LanguageSupport
{
    static readonly string[] Ignored = ["vendor/", "testdata/"];

    static readonly string[] StandardImports = ["errors", "fmt", "math", "reflect", "strings", "testing"];

    /// <summary>Candidate files are named so that none is taken for the code or for the project's own tests.</summary>
    public const string CandidatePrefix = "lgen_";

    Dictionary<string, TestPointClass> _classes = new(StringComparer.Ordinal);

    readonly Dictionary<string, IReadOnlyList<string>> _existingTests = new(StringComparer.Ordinal);

    IReadOnlyList<string> _targetTests = [];

    public override GenerationLanguage Language => GenerationLanguage.Go;

    public override TestFramework Framework => TestFramework.GoTest;

    public override string Program => "go";

    public override string HelperFile => "lightning_testgen.go";

    public override bool IsSource(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return relativePath.EndsWith(".go", StringComparison.Ordinal) && !name.EndsWith("_test.go", StringComparison.Ordinal)
            && !name.StartsWith('_') && !name.StartsWith('.') && !name.StartsWith(CandidatePrefix, StringComparison.Ordinal)
            && !name.StartsWith("lightning_observe", StringComparison.Ordinal)
            && !Ignored.Any(prefix => relativePath.StartsWith(prefix, StringComparison.Ordinal) || relativePath.Contains("/" + prefix, StringComparison.Ordinal));
    }

    public override Task<IReadOnlyList<string>> HelperCommandAsync(string helper, HelperProcess run, ILogger logger, CancellationToken cancellationToken) =>
        GoHelperBuild.CommandAsync(helper, run, logger, cancellationToken);

    public override string CandidateFile(string projectDirectory, string target, int index) =>
        Join(DirectoryOf(target), $"{CandidatePrefix}{Stem(target)}_{index}_test.go");

    public override string AcceptedFile(string projectDirectory, string target) =>
        FreeName(projectDirectory, DirectoryOf(target), $"{Stem(target)}_lightning", "_test.go");

    /// <summary>The package clause, then the imports the tests may use; <see cref="Render"/> keeps the used ones.</summary>
    public override IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations)
    {
        var source = File.ReadAllText(Path.Combine(projectDirectory, target));
        var package = PackageClause().Match(source) is { Success: true } match ? match.Groups["name"].Value : "main";
        var imports = new List<string> { $"package {package}" };
        foreach (var (name, path) in FileImports(source))
        {
            imports.Add(name == LastSegment(path) ? $"import {Quote(path)}" : $"import {name} {Quote(path)}");
        }

        imports.AddRange(StandardImports.Select(path => $"import {Quote(path)}"));
        return imports;
    }

    public override string Render(IEnumerable<string> imports, IEnumerable<string> tests)
    {
        var lines = imports.ToList();
        var bodies = tests.ToList();
        var package = lines.Select(line => PackageClause().Match(line)).FirstOrDefault(match => match.Success)?.Groups["name"].Value ?? "main";
        var code = StripLiteralsAndComments(string.Join('\n', bodies));
        var specs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (PackageClause().IsMatch(line) || ImportLine().Match(line.Trim()) is not { Success: true } spec)
            {
                continue;
            }

            var path = spec.Groups["path"].Value;
            var name = spec.Groups["name"].Success ? spec.Groups["name"].Value : LastSegment(path);
            if ((path == "testing" || Regex.IsMatch(code, $@"(?<![\w.]){Regex.Escape(name)}\.", RegexOptions.None, TimeSpan.FromSeconds(1))) && !specs.ContainsValue(name))
            {
                specs.TryAdd(path, name);
            }
        }

        var block = "import (\n" + string.Concat(specs.Select(pair => pair.Value == LastSegment(pair.Key) ? $"\t{Quote(pair.Key)}\n" : $"\t{pair.Value} {Quote(pair.Key)}\n")) + ")";
        return RenderFile("//", "\n\n", [$"\npackage {package}\n", block], bodies);
    }

    /// <summary>Per target: its classes (factories) and the test names its package already has, which new names must avoid.</summary>
    public void SetTarget(string projectDirectory, string target, CodeAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        _classes = analysis.Classes.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var directory = DirectoryOf(target);
        if (!_existingTests.TryGetValue(directory, out var names))
        {
            var full = Path.Combine(projectDirectory, directory);
            names = Directory.Exists(full)
                ? [.. Directory.EnumerateFiles(full, "*_test.go").Where(path => !Path.GetFileName(path).StartsWith(CandidatePrefix, StringComparison.Ordinal))
                    .SelectMany(path => TestFunction().Matches(File.ReadAllText(path)).Select(match => match.Groups["name"].Value))]
                : [];
            _existingTests[directory] = names;
        }

        _targetTests = names;
    }

    public override (string Name, string Code)? Characterise(CallPlan call, Observation observation, ISet<string> usedNames)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(usedNames);
        if (!observation.Stable || observation.Value is null)
        {
            return null;
        }

        foreach (var existing in _targetTests)
        {
            usedNames.Add(existing);
        }

        var outcome = JsonSerializer.Deserialize<GoOutcome>(observation.Value, OutcomeJson);
        if (outcome is null)
        {
            return null;
        }

        var point = call.Point;
        var expression = Expression(call);
        var results = SplitTypes(point.Returns);
        var errorLast = results.Count > 0 && results[^1] == "error";
        var stem = "Test" + point.QualifiedName.Replace('.', '_') + (call.Labels.Length > 0 ? "_" + Pascal(call.Labels) : string.Empty);
        var quoted = Quote(expression);
        var shown = Short(expression);
        switch (observation.Kind, observation.Type)
        {
            case ("raised", "panic"):
            {
                var name = Unique(stem + "_Panics", usedNames);
                var message = outcome.Panic is { } panic && !HasAddress(panic) ? panic : null;
                var body = new StringBuilder()
                    .Append("\tdefer func() {\n\t\trecovered := recover()\n\t\tif recovered == nil {\n")
                    .Append(CultureInfo.InvariantCulture, $"\t\t\tt.Fatalf(\"%s did not panic\", {quoted})\n\t\t}}\n");
                if (message is not null)
                {
                    body.Append(CultureInfo.InvariantCulture, $"\t\tif fmt.Sprint(recovered) != {Quote(message)} {{\n")
                        .Append(CultureInfo.InvariantCulture, $"\t\t\tt.Errorf(\"%s panicked with %v, want %q\", {quoted}, recovered, {Quote(message)})\n\t\t}}\n");
                }

                body.Append(CultureInfo.InvariantCulture, $"\t}}()\n\t{expression}\n");
                var what = message is null ? "panics" : $"panics with {Short(Quote(message))}";
                return (name, Test(name, $"{shown} {what}", body.ToString()));
            }

            case ("raised", "error") when errorLast:
            {
                var name = Unique(stem + "_ReturnsError", usedNames);
                var message = outcome.Error is { } error && !HasAddress(error) ? error : null;
                var left = string.Join(", ", results.Select((_, index) => index == results.Count - 1 ? "err" : "_"));
                var body = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"\t{left} := {expression}\n\tif err == nil {{\n")
                    .Append(CultureInfo.InvariantCulture, $"\t\tt.Fatalf(\"%s returned no error\", {quoted})\n\t}}\n");
                if (message is not null)
                {
                    body.Append(CultureInfo.InvariantCulture, $"\tif err.Error() != {Quote(message)} {{\n")
                        .Append(CultureInfo.InvariantCulture, $"\t\tt.Errorf(\"%s returned the error %q, want %q\", {quoted}, err.Error(), {Quote(message)})\n\t}}\n");
                }

                var what = message is null ? "returns an error" : $"returns the error {Short(Quote(message))}";
                return (name, Test(name, $"{shown} {what}", body.ToString()));
            }

            case ("returned", _):
                return Returned(outcome, results, errorLast, stem, expression, usedNames);

            default:
                return null;
        }
    }

    static (string Name, string Code)? Returned(GoOutcome outcome, IReadOnlyList<string> results, bool errorLast, string stem, string expression, ISet<string> usedNames)
    {
        var values = outcome.Results ?? [];
        var valueCount = results.Count - (errorLast ? 1 : 0);
        if (values.Count != valueCount)
        {
            return null;
        }

        var quoted = Quote(expression);
        var shown = Short(expression);
        if (results.Count == 0)
        {
            var plain = Unique(stem + "_ReturnsNormally", usedNames);
            return (plain, Test(plain, $"{shown} returns without panicking", $"\t{expression}\n"));
        }

        var names = values.Count == 1 ? ["got"] : values.Select((_, index) => string.Create(CultureInfo.InvariantCulture, $"got{index + 1}")).ToList();
        var left = string.Join(", ", errorLast ? [.. names, "err"] : names);
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\t{left} := {expression}\n");
        if (errorLast)
        {
            body.Append(CultureInfo.InvariantCulture, $"\tif err != nil {{\n\t\tt.Fatalf(\"%s returned the error %v\", {quoted}, err)\n\t}}\n");
        }

        var described = new List<string>();
        for (var index = 0; index < values.Count; index++)
        {
            var (check, words) = Check(values[index], names[index], quoted);
            body.Append(check);
            described.Add(words);
        }

        var outcomeWords = values.Count == 1 ? "Returns" + ValueName(values[0]) : "ReturnsValues";
        var name = Unique(stem + "_" + outcomeWords, usedNames);
        return (name, Test(name, $"{shown} returns {string.Join(" and ", described)}", body.ToString()));
    }

    /// <summary>The assertion for one result: <c>!=</c> for basic values, <c>reflect.DeepEqual</c> for composite ones, nil checks, else its type.</summary>
    static (string Check, string Words) Check(GoValue value, string variable, string quoted)
    {
        if (value.Nil)
        {
            return ($"\tif {variable} != nil {{\n\t\tt.Errorf(\"%s = %#v, want nil\", {quoted}, {variable})\n\t}}\n", "nil");
        }

        if (value.Literal is { } literal)
        {
            var comparison = value.Basic && !value.Interface ? $"{variable} != {literal}" : $"!reflect.DeepEqual({variable}, {literal})";
            return ($"\tif {comparison} {{\n\t\tt.Errorf(\"%s = %#v, want %#v\", {quoted}, {variable}, {literal})\n\t}}\n", Short(literal));
        }

        // Not writable as a literal (a pointer inside, a func, a channel, too long): its type is what can be pinned.
        return ($"\tif typ := fmt.Sprintf(\"%T\", {variable}); typ != {Quote(value.Dynamic)} {{\n\t\tt.Errorf(\"%s returned a %s, want a {Escape(value.Dynamic)}\", {quoted}, typ)\n\t}}\n",
            $"a {value.Dynamic}");
    }

    public override string Selector(string testFile, string name)
    {
        var directory = Path.GetDirectoryName(testFile)?.Replace('\\', '/');
        // A case id (package::Test) with the package as a relative pattern: go test builds and runs only that package.
        return (string.IsNullOrEmpty(directory) ? "." : "./" + directory) + TestCaseId.Separator + name;
    }

    /// <summary>The call as the test writes it: <c>ParseInt("")</c>, <c>Max[int](1, 2)</c>, <c>NewStack().Pop()</c>, <c>new(Stack).Pop()</c>.</summary>
    string Expression(CallPlan call)
    {
        var point = call.Point;
        var arguments = Arguments(call.Arguments.Select(argument => argument.Input.Source));
        if (point.ClassName is null)
        {
            return $"{point.Name}{point.TypeArgs}({arguments})";
        }

        var receiver = _classes.TryGetValue(point.ClassName, out var owner) && owner.Factory is { } factory
            ? $"{factory}({Arguments(call.ConstructorArguments.Select(input => input.Source))})"
            : $"new({point.ClassName})";
        return $"{receiver}.{point.Name}({arguments})";
    }

    /// <summary><c>int, map[string]int, error</c> → its three types (commas inside brackets do not split).</summary>
    public static IReadOnlyList<string> SplitTypes(string? list)
    {
        var parts = new List<string>();
        if (string.IsNullOrWhiteSpace(list))
        {
            return parts;
        }

        var depth = 0;
        var start = 0;
        for (var index = 0; index < list.Length; index++)
        {
            depth += list[index] switch { '(' or '[' or '{' => 1, ')' or ']' or '}' => -1, _ => 0 };
            if (list[index] == ',' && depth == 0)
            {
                parts.Add(list[start..index].Trim());
                start = index + 1;
            }
        }

        parts.Add(list[start..].Trim());
        return parts;
    }

    static string Test(string name, string comment, string body) =>
        $"// {name} pins that {comment.Replace('\n', ' ')}, as observed when this test was generated.\nfunc {name}(t *testing.T) {{\n{body}}}";

    /// <summary>A value in a test name: <c>42</c>, <c>Minus7</c>, <c>True</c>, <c>EmptyString</c>, <c>Nil</c>, else its type (<c>Stack</c>, <c>Map</c>).</summary>
    static string ValueName(GoValue value)
    {
        if (value.Nil)
        {
            return "Nil";
        }

        var literal = value.Literal;
        if (literal is "\"\"")
        {
            return "EmptyString";
        }

        if (literal is not null && value.Basic && literal.Length <= 14)
        {
            var text = literal.Trim('"');
            if (text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' or ' '))
            {
                var words = Pascal(Snake(text.Replace("-", "minus ", StringComparison.Ordinal).Replace(".", " point ", StringComparison.Ordinal).Replace("+", " plus ", StringComparison.Ordinal)));
                if (words.Length > 0)
                {
                    return words;
                }
            }
        }

        if (literal is not null && literal.EndsWith("{}", StringComparison.Ordinal) && !literal.StartsWith('&'))
        {
            return "Empty";
        }

        var type = value.Dynamic.TrimStart('*');
        type = type.StartsWith("[]", StringComparison.Ordinal) ? "Slice" : type.StartsWith("map[", StringComparison.Ordinal) ? "Map" : type[(type.LastIndexOf('.') + 1)..];
        var name = Pascal(Snake(type));
        return name.Length > 0 ? name : "Value";
    }

    /// <summary>snake_case or words → PascalCase: <c>empty_string_and_zero</c> → <c>EmptyStringAndZero</c>.</summary>
    public static string Pascal(string snake) =>
        string.Concat(Snake(snake).Split('_', StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>A Go interpreted string literal.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case < 0x20 or 0x7f:
                    builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    break;
                case 0xFFFD:
                    builder.Append("\\uFFFD");
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text for inside a format string: no verbs, no quotes.</summary>
    static string Escape(string text) => Quote(text)[1..^1].Replace("%", "%%", StringComparison.Ordinal);

    static bool HasAddress(string text) => AddressPattern().IsMatch(text);

    static string Short(string text) => text.Length <= 80 ? text.Replace('\n', ' ') : text[..77].Replace('\n', ' ') + "...";

    static string DirectoryOf(string target) => Path.GetDirectoryName(target)?.Replace('\\', '/') ?? string.Empty;

    static string Stem(string target) => Snake(Path.GetFileNameWithoutExtension(target));

    static string Join(string directory, string name) => directory is "" or "." ? name : $"{directory}/{name}";

    static string LastSegment(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        return Regex.IsMatch(last, @"^v\d+$", RegexOptions.None, TimeSpan.FromSeconds(1)) && path.Contains('/', StringComparison.Ordinal)
            ? LastSegment(path[..path.LastIndexOf('/')])
            : last.Replace('-', '_').Replace('.', '_');
    }

    /// <summary>The imports of a Go file: (name it is used under, path); blank and dot imports left out.</summary>
    static IEnumerable<(string Name, string Path)> FileImports(string source)
    {
        foreach (Match block in ImportBlock().Matches(source))
        {
            foreach (Match spec in ImportSpec().Matches(block.Groups["specs"].Value))
            {
                var path = spec.Groups["path"].Value;
                var name = spec.Groups["name"].Success ? spec.Groups["name"].Value : LastSegment(path);
                if (name is not ("_" or "."))
                {
                    yield return (name, path);
                }
            }
        }
    }

    /// <summary>Code without comments and string literals, so an import counts as used only where code uses it.</summary>
    static string StripLiteralsAndComments(string code) =>
        Regex.Replace(code, @"//[^\n]*|/\*.*?\*/|""(?:\\.|[^""\\\n])*""|`[^`]*`|'(?:\\.|[^'\\\n])+'", " ", RegexOptions.Singleline, TimeSpan.FromSeconds(2));

    static readonly JsonSerializerOptions OutcomeJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>What the harness saw one call do (the observation's value): results, or the error, or the panic.</summary>
    internal sealed record GoOutcome(string? Kind, IReadOnlyList<GoValue>? Results, string? Error, string? ErrorType, string? Panic, string? PanicType);

    /// <summary>One result: its literal when it has one, its static and dynamic types, and how it compares.</summary>
    internal sealed record GoValue(string? Literal, string Static, string Dynamic, bool Basic, bool Nil, bool Interface);

    [GeneratedRegex(@"^\s*package\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex PackageClause();

    [GeneratedRegex(@"^(?:import\s+)?(?:(?<name>[\w.]+)\s+)?""?(?<path>[\w./-]+)""?$")]
    private static partial Regex ImportLine();

    [GeneratedRegex(@"^import\s*(?:\((?<specs>[^)]*)\)|(?<specs>[^\n]*))", RegexOptions.Multiline)]
    private static partial Regex ImportBlock();

    [GeneratedRegex(@"(?:(?<name>[\w.]+)\s+)?""(?<path>[^""\s]+)""")]
    private static partial Regex ImportSpec();

    [GeneratedRegex(@"^func\s+(?<name>Test\w*)\s*\(", RegexOptions.Multiline)]
    private static partial Regex TestFunction();

    [GeneratedRegex(@"0x[0-9a-fA-F]{6,}")]
    private static partial Regex AddressPattern();
}
