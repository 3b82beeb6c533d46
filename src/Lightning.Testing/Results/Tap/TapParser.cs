using System.Text;

namespace Lightning.Testing.Results.Tap;

/// <summary>
/// Reads TAP 12, 13 and 14 line by line: version, plan (first or last), test points with SKIP and TODO directives and
/// TAP 14 escaping, YAML diagnostics blocks, comments, pragmas, <c>Bail out!</c>, and TAP 14 subtests (4-space
/// indented streams, bare or introduced by <c># Subtest: name</c>, ended by their correlated test point).
/// <para>
/// The whole stream is the root suite, named after the source file. A subtest with test points of its own becomes a
/// nested suite; its correlated point's failure becomes the suite's error. A subtest without points (<c>1..0</c>)
/// and a plain test point become cases. Comments and other non-TAP lines are the enclosing suite's output.
/// A failing TODO point is skipped (kind <c>todo</c>) and a passing one passes, as the spec says harnesses must
/// treat them. A bail out ends the run with an error on the suite where it happened; a plan that was not met is
/// an error of its suite.
/// </para>
/// </summary>
public sealed partial class TapParser : ITestReportParser
{
    public TestReportFormat Format => TestReportFormat.Tap;

    public async Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var reading = new Reading(source);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (!reading.Accept(line, lineNumber))
            {
                break;
            }
        }

        return reading.Finish(lineNumber);
    }
}
