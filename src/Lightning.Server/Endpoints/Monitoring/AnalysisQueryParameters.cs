namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// The query-string parts of an analysis' series, as <c>GET /api/v2/monitoring/query</c> reads them
/// (<c>measurement, field, where, from, to, aggregate, every, groupBy, fill</c>). Without aggregate and every, series
/// are read as 1-minute means; <c>aggregate=raw</c> reads the raw points.
/// </summary>
public sealed record AnalysisQueryParameters(
    string? Measurement = null,
    string? Field = null,
    string? Where = null,
    string? From = null,
    string? To = null,
    string? Aggregate = null,
    string? Every = null,
    string? GroupBy = null,
    string? Fill = null);
