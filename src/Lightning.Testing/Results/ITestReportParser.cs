namespace Lightning.Testing.Results;

/// <summary>Reads one report format into the result model.</summary>
public interface ITestReportParser
{
    TestReportFormat Format { get; }

    /// <summary>
    /// Reads the report from <paramref name="stream"/>; <paramref name="source"/> names it in errors (usually the file path).
    /// Throws <see cref="MalformedReportException"/> naming the source and line when the report cannot be read.
    /// </summary>
    Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken);
}
