using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Lightning.Testing.Generation;

public sealed partial class TestGenerator
{
    internal const string ModelInstructions =
        """
        You write unit tests. You are shown one source file, the line that imports it into a test file, and the project's
        existing tests for it (possibly none). Write tests that pass against the code exactly as it is now: exercise
        branches and error paths the existing tests miss; never test private names; no network, clock or randomness.
        Answer with JSON only, no prose, in exactly this shape:
        {"tests":[{"name":"<the test's name>","function":"<function or Class.method under test>","imports":["<extra import line>"],"code":"<the test>"}]}
        For pytest, "code" is one top-level function `def test_<what_it_pins>():` whose first line is a one-line docstring,
        and "name" is that function's name. For Jest, "code" is one `test('<title>', () => { ... });` preceded by a one-line
        /** ... */ comment, and "name" is that title. For go test, "code" is one `func TestXxx(t *testing.T) { ... }` preceded
        by a one-line // comment, in the code's own package (no package clause, no import block), "name" is the function's
        name and "imports" lists import paths such as "strings". For xUnit (C#), "code" is one `[Fact] public void Method_Scenario_Expected()`
        method (no class around it: it is put in one) preceded by a one-line /// <summary> comment, using Assert.Equal or
        Assert.Throws<T>, and "name" is the method's name; "imports" are `using X;` lines.
        The import line shown is added for you; "imports" holds only others.
        """;

    /// <summary>Asks the chat model for up to <paramref name="room"/> tests of <paramref name="target"/>; answers it cannot use become notes.</summary>
    async Task<List<Draft>> ModelCandidatesAsync(
        IChatClient client, LanguageSupport support, string projectDirectory, string target, CodeAnalysis analysis, int room, int offset, List<string> notes,
        CancellationToken cancellationToken)
    {
        var file = support.CandidateFile(projectDirectory, target, offset + 1);
        var imports = support.Imports(projectDirectory, target, file, analysis, []);
        var source = await File.ReadAllTextAsync(Path.Combine(projectDirectory, target), cancellationToken);
        var prompt = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Framework: {support.FrameworkName}, language: {GenerationLanguages.NameOf(support.Language)}. Write at most {room} tests.\n")
            .Append(CultureInfo.InvariantCulture, $"=== {target}\n{Cut(source, _options.ModelMaxSourceChars)}\n")
            .Append(CultureInfo.InvariantCulture, $"=== import line\n{string.Join('\n', imports)}\n")
            .Append(CultureInfo.InvariantCulture, $"=== existing tests\n{ExistingTests(support, projectDirectory, target)}\n")
            .ToString();
        string answer;
        try
        {
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, ModelInstructions), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 },
                cancellationToken);
            answer = response.Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The characterisation candidates stand on their own; a model that cannot answer only loses its share.
            var problem = $"the model could not be asked ({ex.GetType().Name})";
            Log.ModelFailed(_logger, target, problem);
            notes.Add($"{target}: {problem}.");
            return [];
        }

        return Interpret(support, projectDirectory, target, imports, answer, room, offset, notes);
    }

    internal static List<Draft> Interpret(
        LanguageSupport support, string projectDirectory, string target, IReadOnlyList<string> imports, string answer, int room, int offset, List<string> notes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripFence(answer));
        }
        catch (JsonException ex)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{target}: the model's answer was not JSON (line {ex.LineNumber}); no tests taken from it."));
            return [];
        }

        var drafts = new List<Draft>();
        using (document)
        {
            var root = document.RootElement;
            var tests = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tests", out var inner) && inner.ValueKind == JsonValueKind.Array ? inner
                : root.ValueKind == JsonValueKind.Array ? root : default;
            if (tests.ValueKind != JsonValueKind.Array)
            {
                notes.Add($"{target}: the model's answer had no \"tests\" array; no tests taken from it.");
                return [];
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in tests.EnumerateArray().Take(room))
            {
                var index = offset + drafts.Count + 1;
                var code = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? string.Empty : string.Empty;
                var extra = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("imports", out var i) && i.ValueKind == JsonValueKind.Array
                    ? i.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).Where(line => IsImport(support, line)).ToList()
                    : [];
                var function = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                // The name the framework will report is read from the code itself, not trusted from the answer.
                var name = TestName(support, code);
                var candidate = new TestCandidate
                {
                    Id = $"c{index}",
                    Origin = CandidateOrigin.Model,
                    Target = target,
                    Function = function,
                    Name = name is null ? $"model test {index}" : name,
                    Code = code,
                    Imports = [.. imports, .. extra],
                };
                if (name is null || !used.Add(name))
                {
                    candidate = candidate with
                    {
                        Status = CandidateStatus.FailedToCompile,
                        Reason = name is null ? "the model's code declares no test function" : $"the model wrote two tests named '{name}'",
                    };
                }

                drafts.Add(new Draft(candidate, support.CandidateFile(projectDirectory, target, index)));
            }
        }

        return drafts;
    }

    static string? TestName(LanguageSupport support, string code)
    {
        if (support.Language == GenerationLanguage.Go)
        {
            return Regex.Match(code, @"^func\s+(?<name>Test\w*)\s*\(\s*\w+\s+\*testing\.T\s*\)", RegexOptions.Multiline | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1)) is { Success: true } test
                ? test.Groups["name"].Value
                : null;
        }

        if (support.Language == GenerationLanguage.CSharp)
        {
            var method = Regex.Match(code, @"\[Fact\][\s\S]*?\bvoid\s+(?<name>\w+)\s*\(", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
            return method.Success ? method.Groups["name"].Value : null;
        }

        var match = support.Language == GenerationLanguage.Python
            ? Regex.Match(code, @"^def\s+(?<name>test\w*)\s*\(", RegexOptions.Multiline | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1))
            : Regex.Match(code, @"\b(?:test|it)\s*\(\s*(?<quote>['""])(?<title>(?:\\.|(?!\k<quote>).)*)\k<quote>", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
        return !match.Success ? null : support.Language == GenerationLanguage.Python ? match.Groups["name"].Value : Regex.Unescape(match.Groups["title"].Value);
    }

    static bool IsImport(LanguageSupport support, string line) => support.Language == GenerationLanguage.Go
        ? Regex.IsMatch(line, @"^(import\s+)?([\w.]+\s+)?""?[\w./-]+""?$", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1))
        : support.Language == GenerationLanguage.CSharp
        ? Regex.IsMatch(line, @"^using\s+(static\s+)?[\w.]+;$", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1))
        : support.Language == GenerationLanguage.Python
        ? Regex.IsMatch(line, @"^(import\s+[\w.]+(\s+as\s+\w+)?|from\s+[\w.]+\s+import\s+[\w, ]+)$", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1))
        : Regex.IsMatch(line, @"^(?:const\s+[\w{}, ]+\s*=\s*require\(['""][^'""]+['""]\)|import\s+(?:type\s+)?[\w{}, *]+\s+from\s+['""][^'""]+['""]);?$", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The project's test files that mention the target's module, cut to the budget: the model writes in their style.</summary>
    string ExistingTests(LanguageSupport support, string projectDirectory, string target)
    {
        var stem = Path.GetFileNameWithoutExtension(target);
        var builder = new StringBuilder();
        var pattern = support.Language switch { GenerationLanguage.Python => "*.py", GenerationLanguage.Go => "*_test.go", GenerationLanguage.TypeScript => "*.ts", GenerationLanguage.CSharp => "*.cs", _ => "*.js" };
        foreach (var path in Directory.EnumerateFiles(projectDirectory, pattern, SearchOption.AllDirectories)
            .Where(path => !path.Contains("node_modules", StringComparison.Ordinal) && !Path.GetFileName(path).StartsWith("lgen_", StringComparison.Ordinal)
                && !Path.GetFileName(path).StartsWith("test_lgen_", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal)
                && !path.Contains("/" + CSharp.CSharpSupport.CandidateFolder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var isTest = support.Language switch
            {
                GenerationLanguage.Python => name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal),
                // Go tests live in the package's directory and name functions, not files.
                GenerationLanguage.Go => Path.GetDirectoryName(path) == Path.GetDirectoryName(Path.Combine(projectDirectory, target)),
                GenerationLanguage.CSharp => name.EndsWith("Tests.cs", StringComparison.Ordinal) || name.EndsWith("Test.cs", StringComparison.Ordinal),
                _ => name.Contains(".test.", StringComparison.Ordinal) || name.Contains(".spec.", StringComparison.Ordinal),
            };
            if (!isTest)
            {
                continue;
            }

            var text = File.ReadAllText(path);
            if (support.Language == GenerationLanguage.Go || text.Contains(stem, StringComparison.Ordinal))
            {
                builder.Append(CultureInfo.InvariantCulture, $"--- {Path.GetRelativePath(projectDirectory, path).Replace('\\', '/')}\n{text}\n");
            }

            if (builder.Length > _options.ModelMaxSourceChars)
            {
                break;
            }
        }

        return builder.Length == 0 ? "(none)" : Cut(builder.ToString(), _options.ModelMaxSourceChars);
    }

    static string Cut(string text, int limit) => text.Length <= limit ? text : text[..limit] + "\n(cut here: the file is longer)";

    static string StripFence(string answer)
    {
        var text = answer.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
            var lastFence = text.LastIndexOf("```", StringComparison.Ordinal);
            if (firstNewline > 0 && lastFence > firstNewline)
            {
                text = text[(firstNewline + 1)..lastFence];
            }
        }

        return text;
    }
}
