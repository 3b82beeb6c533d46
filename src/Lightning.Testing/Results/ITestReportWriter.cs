namespace Lightning.Testing.Results;

/// <summary>Writes the result model in one report format.</summary>
public interface ITestReportWriter
{
    TestReportFormat Format { get; }

    /// <summary>The usual file extension, with its dot.</summary>
    string FileExtension { get; }

    Task WriteAsync(TestRun run, Stream stream, CancellationToken cancellationToken);
}
