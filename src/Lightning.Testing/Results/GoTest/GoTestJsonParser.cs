using System.Text;
using System.Text.Json;

namespace Lightning.Testing.Results.GoTest;

/// <summary>
/// Reads the <c>go test -json</c> stream (test2json events: start, run, pause, cont, pass, fail, skip, bench, output,
/// and Go 1.24's build-output and build-fail) line by line. One suite per package; one case per test, subtests
/// (<c>TestA/sub</c>) included as cases of their own, as Go reports them. A test's output lines become its stdout,
/// without test2json's framing lines (<c>=== RUN</c>, <c>--- PASS: ...</c>), whose content the case already holds.
/// Lines that are not JSON (the compiler's messages that Go before 1.24 prints between events when a package does
/// not build) are read too: <c>FAIL pkg [build failed]</c> becomes the package's error with the compiler output as
/// its details; anything else becomes the run's output.
/// </summary>
public sealed partial class GoTestJsonParser : ITestReportParser
{
    public TestReportFormat Format => TestReportFormat.GoTestJson;

    public async Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var reading = new Reading();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var trimmed = line.TrimStart();
            if (!trimmed.StartsWith('{'))
            {
                reading.AcceptText(line);
                continue;
            }

            GoTestEvent testEvent;
            try
            {
                testEvent = GoTestEvent.Parse(trimmed);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
            {
                throw new MalformedReportException(source, lineNumber, $"Not a go test -json event: {exception.Message}", exception);
            }

            reading.Accept(testEvent);
        }

        return reading.Finish();
    }
}
