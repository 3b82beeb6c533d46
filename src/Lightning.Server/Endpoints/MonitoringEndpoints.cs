using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/monitoring</c>: queries over the metric store (viewer). The other monitoring routes (ingest, alerts) add
/// themselves to the same group.
/// </summary>
public static class MonitoringEndpoints
{
    public static RouteGroupBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring").WithTags("Monitoring").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/query", QueryAsync).WithSummary("One field of one measurement over a time range: raw points, or aggregated into buckets, per group; offset=1d reads a day earlier, shifted to overlay");
        group.MapGet("/measurements", MeasurementsAsync).WithSummary("The measurements in the store");
        group.MapGet("/series", SeriesAsync).WithSummary("The series of a measurement (or all), with their fields and types, filtered by tags");
        group.MapGet("/tag-values", TagValuesAsync).WithSummary("The distinct values of one tag key (the hosts reporting, for instance), of a measurement or all, filtered by other tags; sorted and bounded by limit");
        return group;
    }

    static async Task<Ok<MetricQueryView>> QueryAsync(
        string? measurement, string? field, string? where, string? from, string? to, string? aggregate, string? every,
        string? groupBy, string? fill, int? limit, string? offset, IMetricStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = MetricQueryText.ReadQuery(measurement, field, where, from, to, aggregate, every, groupBy, fill, limit, time.GetUtcNow());
        var shift = offset is null ? (TimeSpan?)null : MetricQueryText.ParseDuration(offset, "offset");
        var result = await store.QueryAsync(MonitoringQueries.Shifted(query, shift), cancellationToken);
        return TypedResults.Ok(MetricQueryView.Of(query, result, shift));
    }

    static async Task<Ok<IReadOnlyList<string>>> MeasurementsAsync(IMetricStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.MeasurementsAsync(cancellationToken));

    static async Task<Ok<IReadOnlyList<SeriesView>>> SeriesAsync(string? measurement, string? where, int? limit, IMetricStore store, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        if (limit is < 1 or > 10_000)
        {
            validator.Add("limit", "limit must be between 1 and 10000.");
        }

        validator.ThrowIfInvalid();
        var series = await store.SeriesAsync(new SeriesFilter(measurement, MetricQueryText.ParseWhere(where), limit ?? 1000), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SeriesView>>([.. series.Select(SeriesView.From)]);
    }

    static async Task<Ok<IReadOnlyList<string>>> TagValuesAsync(string? key, string? measurement, string? where, int? limit, IMetricStore store, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(key)) validator.Add("key", "key (the tag whose values to list, e.g. host) is required.");
        if (limit is < 1 or > 10_000) validator.Add("limit", "limit must be between 1 and 10000.");
        if (measurement is { Length: 0 }) validator.Add("measurement", "measurement is empty; leave it out to list over every measurement.");
        validator.ThrowIfInvalid();
        var filter = new TagValuesFilter(key!, measurement, MetricQueryText.ParseWhere(where), limit ?? 1000);
        return TypedResults.Ok(await store.TagValuesAsync(filter, cancellationToken));
    }
}
