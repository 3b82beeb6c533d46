using System.Text;
using System.Text.Json;
using Lightning.Core.Serialization;

namespace Lightning.Testing.Results.Events;

/// <summary>Reads the JSON event stream back into a run, line by line; blank lines are allowed.</summary>
public sealed class TestEventStreamReader : ITestReportParser
{
    // The "type" member may come anywhere in an object written by another producer.
    static readonly JsonSerializerOptions Options = new(LightningJson.Options) { AllowOutOfOrderMetadataProperties = true };

    public TestReportFormat Format => TestReportFormat.EventStream;

    public async Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var assembler = new TestRunAssembler();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var testEvent = JsonSerializer.Deserialize<TestEvent>(line, Options)
                    ?? throw new InvalidDataException("The line is null, not an event.");
                assembler.Apply(testEvent);
            }
            catch (Exception exception) when (exception is JsonException or InvalidDataException or NotSupportedException)
            {
                throw new MalformedReportException(source, lineNumber, $"Not a test event: {exception.Message}", exception);
            }
        }

        return assembler.Build();
    }
}
