using Lightning.Core.Errors;

namespace Lightning.Testing.Results;

/// <summary>
/// A report that cannot be read: its message names the file and line (<c>results.xml:12: ...</c>) so that the user
/// can open it there. Code <c>testing.report_malformed</c>, shown as a 400 by the API.
/// </summary>
public sealed class MalformedReportException : LightningException
{
    public const string ErrorCode = "testing.report_malformed";

    public MalformedReportException(string source, int? line, string problem, Exception? innerException = null)
        : base(ErrorKind.Invalid, ErrorCode, Describe(source, line, problem), innerException)
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    public MalformedReportException() : this("report", null, "The report is malformed.")
    {
    }

    public MalformedReportException(string message) : this("report", null, message)
    {
    }

    public MalformedReportException(string message, Exception innerException) : this("report", null, message, innerException)
    {
    }

    /// <summary>The file (or stream name) the report came from. Hides <see cref="Exception.Source"/>, which names an assembly.</summary>
    public new string Source { get; }

    /// <summary>1-based line of the problem; null when the report ended before it could be told.</summary>
    public int? Line { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    static string Describe(string source, int? line, string problem) =>
        line is { } number ? $"{source}:{number}: {problem}" : $"{source}: {problem}";
}
