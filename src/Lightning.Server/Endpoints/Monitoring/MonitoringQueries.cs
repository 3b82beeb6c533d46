using Lightning.Monitoring.Model;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>Query helpers shared by the monitoring routes (query, CSV, live, reports).</summary>
public static class MonitoringQueries
{
    /// <summary>The query a comparison reads: the same range <paramref name="offset"/> earlier (the query itself when null).</summary>
    public static MetricQuery Shifted(MetricQuery query, TimeSpan? offset)
    {
        ArgumentNullException.ThrowIfNull(query);
        return offset is { } shift ? query with { From = query.From - shift, To = query.To - shift } : query;
    }
}
