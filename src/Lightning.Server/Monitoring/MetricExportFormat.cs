using Lightning.Core.Errors;

namespace Lightning.Server.Monitoring;

/// <summary>What <c>GET /api/v2/monitoring/export</c> writes.</summary>
public enum MetricExportFormat
{
    LineProtocol,
    Csv,
    Parquet,
}

public static class MetricExportFormats
{
    /// <summary>Reads <c>csv</c>, <c>parquet</c>, <c>lineprotocol</c> (or <c>lp</c>); null means line protocol.</summary>
    public static MetricExportFormat Parse(string? text, string field = "format") => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "lineprotocol" or "line-protocol" or "lp" => MetricExportFormat.LineProtocol,
        "csv" => MetricExportFormat.Csv,
        "parquet" => MetricExportFormat.Parquet,
        _ => throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = [$"'{text}' is not an export format: use csv, parquet or lineprotocol."] }),
    };

    public static string ContentType(MetricExportFormat format) => format switch
    {
        MetricExportFormat.Csv => "text/csv; charset=utf-8",
        MetricExportFormat.Parquet => "application/vnd.apache.parquet",
        _ => "text/plain; charset=utf-8",
    };

    public static string Extension(MetricExportFormat format) => format switch
    {
        MetricExportFormat.Csv => "csv",
        MetricExportFormat.Parquet => "parquet",
        _ => "lp",
    };
}
