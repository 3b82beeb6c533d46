using System.Globalization;
using System.Security.Claims;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Dashboards;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// What the monitoring dashboard needs beyond plain queries: the live metric socket, the alert event stream, alert
/// states for shading charts, a panel as CSV, saved dashboards (operators write, with <c>If-Match</c> versions) and a
/// dashboard's PDF report.
/// </summary>
public static class MonitoringLiveEndpoints
{
    public static RouteGroupBuilder MapMonitoringLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring").WithTags("Monitoring dashboards").RequireAuthorization(LightningClaims.Policies.Viewer);
        var write = LightningClaims.Policies.Operator;
        group.MapGet("/live", LiveMetricSocket.StreamAsync).WithSummary("Live chart data over a WebSocket: subscribe queries, get a snapshot then new points every second");
        group.MapGet("/alerts/stream", AlertStreamSocket.StreamAsync).WithSummary("Every alert event as it happens, over a WebSocket");
        group.MapGet("/alerts/states", StatesAsync).WithSummary("Alert states (pending, firing, acknowledged) as intervals over a range, for charts");
        group.MapGet("/query.csv", CsvAsync).WithSummary("A query's answer as CSV: a time column and one column per series");

        group.MapGet("/dashboards", (DashboardStore dashboards, CancellationToken ct) => dashboards.ListAsync(ct)).WithSummary("Saved dashboards by name");
        group.MapPost("/dashboards", CreateAsync).WithSummary("Save a new dashboard").RequireAuthorization(write);
        group.MapGet("/dashboards/{id}", GetAsync).WithSummary("One dashboard; its ETag is its version");
        group.MapPut("/dashboards/{id}", UpdateAsync).WithSummary("Replace a dashboard; If-Match must name the version replaced").RequireAuthorization(write);
        group.MapDelete("/dashboards/{id}", DeleteAsync).WithSummary("Delete a dashboard").RequireAuthorization(write);
        group.MapGet("/dashboards/{id}/report.pdf", ReportAsync).WithSummary("A dashboard's PDF report over a range: charts, statistics and alert states");
        return group;
    }

    static async Task<Ok<IReadOnlyList<AlertStateInterval>>> StatesAsync(
        AlertStateTimeline timeline, AlertRuleStore rules, TimeProvider time, CancellationToken cancellationToken, string? from = null, string? to = null, string? measurement = null)
    {
        var now = time.GetUtcNow();
        var validator = new Validator();
        var start = ReadTime(validator, "from", from ?? "now-1h", now);
        var end = ReadTime(validator, "to", to ?? "now", now);
        if (start is { } a && end is { } b && b <= a) validator.Add("to", $"'from' ({a:O}) must be before 'to' ({b:O}).");
        validator.ThrowIfInvalid();
        IReadOnlySet<string>? ruleIds = null;
        if (!string.IsNullOrWhiteSpace(measurement))
        {
            var all = await rules.ListAsync(cancellationToken);
            ruleIds = all.Where(rule => string.Equals(rule.Query.Measurement, measurement.Trim(), StringComparison.Ordinal)).Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
        }

        return TypedResults.Ok(await timeline.ReadAsync(start!.Value, end!.Value, ruleIds, cancellationToken));
    }

    /// <summary>A time as the query API reads it (ISO 8601, now, now-1h), or milliseconds since the epoch as charts hold them.</summary>
    static DateTimeOffset? ReadTime(Validator validator, string key, string text, DateTimeOffset now)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        try
        {
            return MetricQueryText.ParseTime(text, now, key);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var message in ex.Errors.Values.SelectMany(messages => messages)) validator.Add(key, message);
            return null;
        }
    }

    static async Task<IResult> CsvAsync(
        string? measurement, string? field, string? where, string? from, string? to, string? aggregate, string? every,
        string? groupBy, string? fill, int? limit, string? offset, IMetricStore store, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var query = MetricQueryText.ReadQuery(measurement, field, where, from, to, aggregate, every, groupBy, fill, limit, time.GetUtcNow());
        var shift = offset is null ? (TimeSpan?)null : MetricQueryText.ParseDuration(offset, "offset");
        var result = await store.QueryAsync(MonitoringQueries.Shifted(query, shift), cancellationToken);
        var csv = MetricCsv.Write(MetricQueryView.Of(query, result, shift));
        var name = new string([.. $"{query.Measurement}-{query.Field}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name + ".csv" }.ToString();
        return Results.Text(csv, "text/csv; charset=utf-8", Encoding.UTF8);
    }

    static async Task<Created<SavedDashboard>> CreateAsync(DashboardDefinition? definition, DashboardStore dashboards, ClaimsPrincipal user, HttpContext context, CancellationToken cancellationToken)
    {
        var created = await dashboards.CreateAsync(definition, CollaborationEndpoints.Caller(user), cancellationToken);
        SetETag(context, created);
        return TypedResults.Created($"/api/v2/monitoring/dashboards/{created.Id}", created);
    }

    static async Task<Ok<SavedDashboard>> GetAsync(string id, DashboardStore dashboards, HttpContext context, CancellationToken cancellationToken)
    {
        var dashboard = await dashboards.GetAsync(id, cancellationToken);
        SetETag(context, dashboard);
        return TypedResults.Ok(dashboard);
    }

    static async Task<Results<Ok<SavedDashboard>, ProblemHttpResult>> UpdateAsync(
        string id, DashboardDefinition? definition, DashboardStore dashboards, HttpContext context, CancellationToken cancellationToken)
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("Send If-Match with the version you edited (the ETag of GET), e.g. If-Match: \"3\", so a newer save is not overwritten.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.");
        }

        if (!int.TryParse(ifMatch.Trim().TrimStart('W', '/').Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return TypedResults.Problem($"If-Match '{ifMatch}' is not a dashboard version: send the ETag of GET, e.g. \"3\".", statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid.");
        }

        var updated = await dashboards.UpdateAsync(id, definition, version, cancellationToken);
        if (updated is null)
        {
            var current = await dashboards.GetAsync(id, cancellationToken);
            SetETag(context, current);
            return TypedResults.Problem($"The dashboard is at version {current.Version}, not {version}: someone saved it meanwhile. Reload it and apply your change again.",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "The dashboard changed.");
        }

        SetETag(context, updated);
        return TypedResults.Ok(updated);
    }

    static async Task<NoContent> DeleteAsync(string id, DashboardStore dashboards, CancellationToken cancellationToken)
    {
        await dashboards.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<FileContentHttpResult> ReportAsync(string id, DashboardReports reports, ILoggerFactory loggers, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        var (dashboard, pdf) = await reports.WriteAsync(id, from, to, cancellationToken);
        Log.DashboardReportWritten(loggers.CreateLogger(typeof(MonitoringLiveEndpoints).FullName!), dashboard.Id, CountPages(pdf), pdf.Length);
        var name = new string([.. dashboard.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return TypedResults.File(pdf, "application/pdf", $"{name}-report.pdf");
    }

    static int CountPages(byte[] pdf) => System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])");

    static void SetETag(HttpContext context, SavedDashboard dashboard) =>
        context.Response.Headers.ETag = $"\"{dashboard.Version.ToString(CultureInfo.InvariantCulture)}\"";
}
