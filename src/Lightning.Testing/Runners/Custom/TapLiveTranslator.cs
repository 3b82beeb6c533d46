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
/// YAML diagnostics, plans, pragmas and bail outs are left to the report.
/// </summary>
internal sealed partial class TapLiveTranslator(LiveRun live) : LiveTranslator
{
    sealed record Subtest(int Indent, string Name)
    {
        public bool HasPoints { get; set; }
    }

    readonly List<Subtest> _open = [];
    int _count;

    public override async ValueTask<bool> OnLineAsync(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout)
        {
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

        var scope = _open.Where(subtest => subtest.Indent < depth).ToList();
        if (scope.Count > 0)
        {
            scope[^1].HasPoints = true;
        }

        var path = string.Join(TestCaseId.Separator, scope.Select(subtest => subtest.Name));
        var name = description.Length > 0 ? description : "test " + point.Groups["number"].Value;
        var key = "t" + (++_count).ToString(CultureInfo.InvariantCulture);
        await live.StartCaseAsync(key, new LiveCase(path.Length > 0 ? path : "tap", TestCaseId.Create(path, name), name, null, null, null, null));
        var ok = point.Groups["ok"].Value == "ok";
        var (outcome, skip) = directive switch
        {
            "SKIP" => (TestOutcome.Skipped, new TestSkip(reason, "skip", null)),
            "TODO" when !ok => (TestOutcome.Skipped, new TestSkip(reason, "todo", null)),
            _ => (ok ? TestOutcome.Passed : TestOutcome.Failed, (TestSkip?)null),
        };
        await live.FinishCaseAsync(key, outcome, null, outcome == TestOutcome.Failed ? [new TestFailure(TestFailureKind.Failure, null, null, null)] : [], skip);
        return false;
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

    [GeneratedRegex(@"^(?<indent> *)# Subtest(?:: (?<name>.*))?$")]
    private static partial Regex SubtestHeader();

    [GeneratedRegex(@"^(?<indent> *)(?<ok>not ok|ok)(?:\s+(?<number>\d+))?(?<rest>(?:\s.*)?)$")]
    private static partial Regex Point();

    [GeneratedRegex(@"^(?<directive>skip|todo)\S*(?<reason>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Directive();
}
