using System.Text.Json;
using Lightning.Core.Serialization;

namespace Lightning.Testing.Results.Events;

/// <summary>Writes a run as the JSON event stream: one <see cref="TestEvent"/> per line, in the platform's JSON shape.</summary>
public sealed class TestEventStreamWriter : ITestReportWriter
{
    static readonly byte[] NewLine = "\n"u8.ToArray();

    public TestReportFormat Format => TestReportFormat.EventStream;

    public string FileExtension => ".jsonl";

    public async Task WriteAsync(TestRun run, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var testEvent in TestEvents.From(run))
        {
            await WriteEventAsync(stream, testEvent, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>One event and its newline; for live producers that write as events happen.</summary>
    public static async Task WriteEventAsync(Stream stream, TestEvent testEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await JsonSerializer.SerializeAsync(stream, testEvent, LightningJson.Options, cancellationToken);
        await stream.WriteAsync(NewLine, cancellationToken);
    }
}
