using System.Text.RegularExpressions;

namespace Lightning.Testing.Results;

/// <summary>
/// Tells a report's format from its first few kilobytes: the root element of an XML report (<c>testsuites</c> or
/// <c>testsuite</c>: JUnit; <c>TestRun</c>: TRX), the members of a JSON-lines stream (<c>Action</c>: go test -json;
/// <c>type</c>: the platform's event stream), or a TAP line (version, plan, test point, bail out). go test's
/// compiler messages may come before its first event, so JSON lines are looked for before TAP's.
/// </summary>
public static partial class TestReportSniffer
{
    /// <summary>How much of a report <see cref="Detect"/> needs.</summary>
    public const int HeadLength = 16 * 1024;

    public static TestReportFormat? Detect(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            var root = RootElement().Match(text);
            return !root.Success ? null : root.Groups["name"].Value switch
            {
                "testsuites" or "testsuite" => TestReportFormat.JUnitXml,
                "TestRun" => TestReportFormat.Trx,
                _ => null,
            };
        }

        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (!trimmed.StartsWith('{'))
            {
                continue;
            }

            if (GoEvent().IsMatch(trimmed))
            {
                return TestReportFormat.GoTestJson;
            }

            if (PlatformEvent().IsMatch(trimmed))
            {
                return TestReportFormat.EventStream;
            }
        }

        return lines.Any(line => TapLine().IsMatch(line)) ? TestReportFormat.Tap : null;
    }

    [GeneratedRegex(@"<(?<name>[A-Za-z_][\w.-]*)(?=[\s/>])", RegexOptions.CultureInvariant)]
    private static partial Regex RootElement();

    [GeneratedRegex(@"""Action""\s*:\s*""", RegexOptions.CultureInvariant)]
    private static partial Regex GoEvent();

    [GeneratedRegex(@"""type""\s*:\s*""(?:run-started|suite-started|case-started|output|attempt|passed|failed|skipped|suite-finished|run-finished)""", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformEvent();

    [GeneratedRegex(@"^(?:\s{4})*(?:TAP version \d+|1\.\.\d+|(?:not )?ok(?:\s|$)|Bail out!)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TapLine();
}
