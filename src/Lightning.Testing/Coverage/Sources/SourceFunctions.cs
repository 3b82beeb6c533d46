using System.Text.RegularExpressions;

namespace Lightning.Testing.Coverage.Sources;

/// <summary>
/// Finds functions in Python, Go and Ruby sources, for the reports that name none (coverage.py before 7.5, Go cover
/// profiles, SimpleCov), so that every language gets function totals and improvement suggestions. It reads layout, not
/// syntax: Python's and Ruby's indentation and Go's gofmt style (a top-level <c>func</c> ends at the first <c>}</c> in
/// column 1). Names follow each language's tools: <c>Accumulator.push</c> (Python, nested in its class),
/// <c>Push</c> (Go, as <c>go tool cover -func</c> names it), <c>Calc.add</c> and <c>Calc::Acc#push</c> (Ruby).
/// A function's hits are those of its first measured line after the declaration (the declaration itself runs when the
/// module loads in Python and Ruby), or of the declaration when nothing after it is measured; a function with no
/// measured line at all (excluded from coverage) is left out.
/// </summary>
public static partial class SourceFunctions
{
    /// <summary>Whether functions can be found in files with this path's extension.</summary>
    public static bool Supports(string path) => Path.GetExtension(path) is ".py" or ".go" or ".rb";

    public static IReadOnlyList<SourceFunction> Find(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var lines = RepositorySources.Lines(text);
        return Path.GetExtension(path) switch
        {
            ".py" => FindIndented(lines, PythonDeclaration(), endsWithKeyword: false),
            ".rb" => FindIndented(lines, RubyDeclaration(), endsWithKeyword: true),
            ".go" => FindGo(lines),
            _ => [],
        };
    }

    /// <summary>
    /// The report with functions added to each file that has none and whose source (Python, Go or Ruby) is in the
    /// repository. Paths must already be repository-relative.
    /// </summary>
    public static async Task<CoverageReport> AddAsync(CoverageReport report, RepositorySources sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sources);
        var files = new List<FileCoverage>(report.Files.Count);
        foreach (var file in report.Files)
        {
            if (file.Functions.Count > 0 || !Supports(file.Path) || await sources.ReadAsync(file.Path, cancellationToken) is not { } text)
            {
                files.Add(file);
                continue;
            }

            files.Add(file with { Functions = [.. Find(file.Path, text).Select(function => Measure(file, function)).OfType<FunctionCoverage>()] });
        }

        return report with { Files = files };
    }

    /// <summary>The function's coverage; null when none of its lines is measured (excluded from coverage, or not code).</summary>
    static FunctionCoverage? Measure(FileCoverage file, SourceFunction function)
    {
        var body = file.Lines.FirstOrDefault(line => line.Number > function.Line && line.Number <= function.EndLine);
        var declaration = file.Line(function.Line);
        if (body is null && declaration is null)
        {
            return null;
        }

        var hits = body?.Hits ?? declaration!.Hits;
        return new FunctionCoverage(function.Name, function.Line, hits) { EndLine = function.EndLine > function.Line ? function.EndLine : null };
    }

    /// <summary>Python and Ruby: a declaration's body is every following line indented deeper (blank lines and comments included).</summary>
    static List<SourceFunction> FindIndented(string[] lines, Regex declaration, bool endsWithKeyword)
    {
        var found = new List<SourceFunction>();
        var scopes = new List<(int Indent, string Name, bool IsFunction, int Line)>();
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - trimmed.Length;
            // Leaving scopes: a line indented no deeper than a scope's declaration ends it (Ruby's "end" belongs to it).
            while (scopes.Count > 0 && indent <= scopes[^1].Indent)
            {
                var scope = scopes[^1];
                scopes.RemoveAt(scopes.Count - 1);
                var closesHere = endsWithKeyword && indent == scope.Indent && EndKeyword().IsMatch(trimmed);
                if (scope.IsFunction)
                {
                    found.Add(new SourceFunction(scope.Name, scope.Line, closesHere ? index + 1 : LastCodeLine(lines, index - 1, scope.Line)));
                }

                if (closesHere)
                {
                    goto next;
                }
            }

            var match = declaration.Match(trimmed);
            if (match.Success)
            {
                var kind = match.Groups["kind"].Value;
                var name = match.Groups["name"].Value;
                var isFunction = kind is "def" or "async def";
                var owner = string.Join(endsWithKeyword ? "::" : ".", scopes.Where(scope => !scope.IsFunction).Select(scope => scope.Name));
                var full = !isFunction || owner.Length == 0 ? name
                    : endsWithKeyword ? (name.StartsWith("self.", StringComparison.Ordinal) ? $"{owner}.{name["self.".Length..]}" : $"{owner}#{name}")
                    : $"{owner}.{name}";
                if (endsWithKeyword && isFunction && OneLineRubyMethod().IsMatch(trimmed))
                {
                    found.Add(new SourceFunction(full, index + 1, index + 1));
                }
                else
                {
                    scopes.Add((indent, isFunction ? full : name, isFunction, index + 1));
                }
            }

        next:;
        }

        foreach (var scope in scopes.Where(scope => scope.IsFunction))
        {
            found.Add(new SourceFunction(scope.Name, scope.Line, LastCodeLine(lines, lines.Length - 1, scope.Line)));
        }

        found.Sort((a, b) => a.Line.CompareTo(b.Line));
        return found;
    }

    static int LastCodeLine(string[] lines, int fromIndex, int declarationLine)
    {
        for (var index = fromIndex; index >= declarationLine; index--)
        {
            var trimmed = lines[index].Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                return index + 1;
            }
        }

        return declarationLine;
    }

    static List<SourceFunction> FindGo(string[] lines)
    {
        var found = new List<SourceFunction>();
        for (var index = 0; index < lines.Length; index++)
        {
            var match = GoDeclaration().Match(lines[index]);
            if (!match.Success)
            {
                continue;
            }

            var end = index;
            if (lines[index].TrimEnd().EndsWith('{'))
            {
                // gofmt closes a top-level function with "}" alone in column 1.
                while (end + 1 < lines.Length && lines[end].TrimEnd() != "}")
                {
                    end++;
                }
            }

            found.Add(new SourceFunction(match.Groups["name"].Value, index + 1, end + 1));
            index = end;
        }

        return found;
    }

    [GeneratedRegex(@"^(?<kind>async\s+def|def|class)\s+(?<name>[A-Za-z_]\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex PythonDeclaration();

    [GeneratedRegex(@"^(?<kind>def|class|module)\s+(?<name>(?:self\.)?[A-Za-z_][\w:]*[?!=]?)", RegexOptions.CultureInvariant)]
    private static partial Regex RubyDeclaration();

    [GeneratedRegex(@"^def\s.*(?:;\s*end|\)\s*=\s*\S.*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OneLineRubyMethod();

    [GeneratedRegex(@"^end\b", RegexOptions.CultureInvariant)]
    private static partial Regex EndKeyword();

    [GeneratedRegex(@"^func\s+(?:\([^)]*\)\s*)?(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?\(", RegexOptions.CultureInvariant)]
    private static partial Regex GoDeclaration();
}
