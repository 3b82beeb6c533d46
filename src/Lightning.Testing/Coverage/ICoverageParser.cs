namespace Lightning.Testing.Coverage;

/// <summary>Reads one coverage format into the coverage model.</summary>
public interface ICoverageParser
{
    CoverageFormat Format { get; }

    /// <summary>
    /// Reads the report from <paramref name="stream"/>; <paramref name="source"/> names it in errors (usually the file
    /// path). Paths are left as the report wrote them (with forward slashes): <see cref="CoveragePathMapper"/> makes
    /// them repository-relative. Throws <see cref="Results.MalformedReportException"/> naming the source and line.
    /// </summary>
    Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken);
}
