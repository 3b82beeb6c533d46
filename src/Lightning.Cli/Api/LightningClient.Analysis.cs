using Lightning.Monitoring.Events;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Api;

internal sealed partial class LightningClient
{
    /// <summary><c>GET /api/v2/monitoring/analysis/{analysis}</c> with the given parameters (nulls left out).</summary>
    public Task<ApiResult<T>> AnalyzeAsync<T>(string analysis, IReadOnlyDictionary<string, string?> parameters, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, $"api/v2/monitoring/analysis/{Segment(analysis)}" + Query(parameters), cancellationToken);

    public Task<ApiResult<PlatformEventsView>> ListPlatformEventsAsync(IReadOnlyDictionary<string, string?> parameters, CancellationToken cancellationToken) =>
        SendAsync<PlatformEventsView>(HttpMethod.Get, "api/v2/monitoring/events" + Query(parameters), cancellationToken);

    public Task<ApiResult<PlatformEventView>> RecordPlatformEventAsync(PlatformEventRequest request, CancellationToken cancellationToken) =>
        SendAsync<PlatformEventRequest, PlatformEventView>(HttpMethod.Post, "api/v2/monitoring/events", request, cancellationToken);

    static string Query(IReadOnlyDictionary<string, string?> parameters)
    {
        var query = new List<string>();
        foreach (var (name, value) in parameters)
        {
            AddQuery(query, name, value);
        }

        return query.Count == 0 ? string.Empty : "?" + string.Join('&', query);
    }
}
