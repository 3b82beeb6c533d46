using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Custom;

/// <summary>
/// Follows TAP on stdout as it comes: each test point is a case the moment it is written. TAP 14 subtests
/// (<c># Subtest: name</c>, then indented points) give a point its scope, as the TAP parser names cases
/// (<c>add::adds two numbers</c>); a subtest's own closing point is its suite, not a case, unless it held no points.
/// A bare subtest (indented points with no header) is only named by its closing point, so its points wait for it.
/// Nothing after a bail out counts. YAML diagnostics, plans and pragmas are left to the report.
/// </summary>
internal sealed partial class TapLiveTranslator(LiveRun live) : LiveTranslator
{
    sealed record Subtest(int Indent, string Name)
    {
        public bool HasPoints { get; set; }
    }

    /// <summary>A point of a bare subtest, waiting for the names its closing points give.</summary>
    sealed record Waiting(int Depth, List<string> Path, string Name, bool Ok, string? Directive, string? Reason)
    {
        public bool IsSuite { get; set; }
    }

    readonly List<Subtest> _open = [];
    readonly List<Waiting> _waiting = [];
    bool _bailedOut;
    int _count;

    public override async ValueTask<bool> OnLineAsync(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout || _bailedOut)
        {
            return false;
        }

        if (BailOut().IsMatch(line))
        {
            _bailedOut = true;
            return false;
        }

        if (SubtestHeader().Match(line) is { Success: true } header)
        {
            var indent = header.Groups["indent"].Length;
            _open.RemoveAll(subtest => subtest.Indent >= indent);
            _open.Add(new Subtest(indent, header.Groups["name"].Value.Trim()));
            return false;
        }

        if (Point().Match(line) is not { Success: true } point)
        {
            return false;
        }

        var depth = point.Groups["indent"].Length;
        _open.RemoveAll(subtest => subtest.Indent > depth);
        var (description, directive, reason) = Split(point.Groups["rest"].Value);
        var name = description.Length > 0 ? description : "test " + point.Groups["number"].Value;
        var ok = point.Groups["ok"].Value == "ok";

        // The points this one closes, when it ends a bare subtest: they get its name.
        var closes = _waiting.Where(waiting => waiting.Depth > depth).ToList();
        foreach (var waiting in closes)
        {
            waiting.Path.Insert(0, name);
        }

        var scope = _open.Where(subtest => subtest.Indent < depth).ToList();
        var expected = scope.Count == 0 ? 0 : scope[^1].Indent + 4;
        if (depth > expected)
        {
            _waiting.Add(new Waiting(depth, [], name, ok, directive, reason) { IsSuite = closes.Count > 0 });
            return false;
        }

        foreach (var waiting in _waiting.Where(waiting => !waiting.IsSuite).ToList())
        {
            await CaseAsync(scope, [.. waiting.Path, waiting.Name], waiting.Ok, waiting.Directive, waiting.Reason);
        }

        _waiting.Clear();
        if (closes.Count > 0)
        {
            return false;
        }

        if (_open.Count > 0 && _open[^1].Indent == depth && _open[^1].Name == description)
        {
            var closing = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            if (closing.HasPoints)
            {
                // The point that closes a subtest with points is that subtest's result: a suite, not a case.
                return false;
            }
        }

        await CaseAsync(scope, [name], ok, directive, reason);
        return false;
    }

    async ValueTask CaseAsync(List<Subtest> scope, List<string> path, bool ok, string? directive, string? reason)
    {
        foreach (var subtest in scope)
        {
            subtest.HasPoints = true;
        }

        var names = scope.Select(subtest => subtest.Name).Concat(path).ToList();
        var suite = string.Join(TestCaseId.Separator, names[..^1]);
        var key = "t" + (++_count).ToString(CultureInfo.InvariantCulture);
        await live.StartCaseAsync(key, new LiveCase(suite.Length > 0 ? suite : "tap", TestCaseId.Create(suite, names[^1]), names[^1], null, null, null, null));
        var (outcome, skip) = directive switch
        {
            "SKIP" => (TestOutcome.Skipped, new TestSkip(reason, "skip", null)),
            "TODO" when !ok => (TestOutcome.Skipped, new TestSkip(reason, "todo", null)),
            _ => (ok ? TestOutcome.Passed : TestOutcome.Failed, (TestSkip?)null),
        };
        await live.FinishCaseAsync(key, outcome, null, outcome == TestOutcome.Failed ? [new TestFailure(TestFailureKind.Failure, null, null, null)] : [], skip);
    }

    /// <summary>The description up to an unescaped <c>#</c> (TAP 14: <c>\#</c> and <c>\\</c> are escapes), then the directive.</summary>
    static (string Description, string? Directive, string? Reason) Split(string rest)
    {
        var description = new StringBuilder();
        var i = 0;
        for (; i < rest.Length; i++)
        {
            if (rest[i] == '\\' && i + 1 < rest.Length && rest[i + 1] is '#' or '\\')
            {
                description.Append(rest[++i]);
                continue;
            }

            if (rest[i] == '#')
            {
                break;
            }

            description.Append(rest[i]);
        }

        var text = description.ToString().Trim();
        if (text.StartsWith('-'))
        {
            text = text[1..].TrimStart();
        }

        if (i >= rest.Length)
        {
            return (text, null, null);
        }

        var comment = rest[(i + 1)..].Trim();
        var match = Directive().Match(comment);
        return match.Success
            ? (text, match.Groups["directive"].Value.ToUpperInvariant(), ReportValues.NullIfEmpty(match.Groups["reason"].Value.Trim()))
            : (text, null, null);
    }

    [GeneratedRegex(@"^\s*Bail out!")]
    private static partial Regex BailOut();

    [GeneratedRegex(@"^(?<indent> *)# Subtest(?:: (?<name>.*))?$")]
    private static partial Regex SubtestHeader();

    [GeneratedRegex(@"^(?<indent> *)(?<ok>not ok|ok)(?:\s+(?<number>\d+))?(?<rest>(?:\s.*)?)$")]
    private static partial Regex Point();

    [GeneratedRegex(@"^(?<directive>skip|todo)\S*(?<reason>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Directive();
}
