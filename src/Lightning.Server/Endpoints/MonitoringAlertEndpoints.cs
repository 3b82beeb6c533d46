using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/monitoring/alerts</c>: alerts (active by default) and their acknowledgment, the history, rules (with
/// enable/disable and backtests), silences, channels (secrets write-only, with a test send) and the routing document
/// (routes, inhibitions, escalation policies). Viewers read; operators change.
/// </summary>
public static class MonitoringAlertEndpoints
{
    public static RouteGroupBuilder MapMonitoringAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring/alerts").WithTags("Monitoring alerts").RequireAuthorization(LightningClaims.Policies.Viewer);
        var write = LightningClaims.Policies.Operator;
        group.MapGet("", ListAsync).WithSummary("Alerts newest first: active ones (pending, firing, no-data, error) unless ?state= names others (comma-separated) or all");
        group.MapGet("/history", HistoryAsync).WithSummary("The alert history newest first: state changes, notifications, acknowledgments, escalations");
        group.MapGet("/{id}", GetAsync).WithSummary("One alert");
        group.MapPost("/{id}/ack", AcknowledgeAsync).WithSummary("Acknowledge an active alert with a comment (stops its escalation)").RequireAuthorization(write);

        group.MapGet("/rules", (AlertRuleStore rules, CancellationToken ct) => rules.ListAsync(ct)).WithSummary("Alert rules by name");
        group.MapPost("/rules", CreateRuleAsync).WithSummary("Add an alert rule").RequireAuthorization(write);
        group.MapGet("/rules/{id}", (string id, AlertRuleStore rules, CancellationToken ct) => rules.GetAsync(id, ct)).WithSummary("One alert rule");
        group.MapPut("/rules/{id}", (string id, AlertRule rule, AlertRuleStore rules, CancellationToken ct) => rules.UpdateAsync(id, rule, ct))
            .WithSummary("Replace an alert rule").RequireAuthorization(write);
        group.MapDelete("/rules/{id}", DeleteRuleAsync).WithSummary("Delete an alert rule (its alerts and history stay)").RequireAuthorization(write);
        group.MapPost("/rules/{id}/enable", (string id, AlertRuleStore rules, CancellationToken ct) => rules.SetEnabledAsync(id, true, ct))
            .WithSummary("Enable a rule").RequireAuthorization(write);
        group.MapPost("/rules/{id}/disable", (string id, AlertRuleStore rules, CancellationToken ct) => rules.SetEnabledAsync(id, false, ct))
            .WithSummary("Disable a rule (its alerts stay as they are until it is enabled again)").RequireAuthorization(write);
        group.MapPost("/rules/{id}/backtest", BacktestRuleAsync).WithSummary("Replay a stored rule over stored metrics: when it would have fired and resolved");
        group.MapPost("/backtest", BacktestAsync).WithSummary("Replay a rule given in the body (not saved) over stored metrics");

        group.MapGet("/silences", (SilenceStore silences, CancellationToken ct, bool? expired) => silences.ListAsync(expired == true, ct))
            .WithSummary("Silences newest first; ?expired=true includes ended ones");
        group.MapPost("/silences", CreateSilenceAsync).WithSummary("Silence alerts matching the matchers until endsAt").RequireAuthorization(write);
        group.MapGet("/silences/{id}", (string id, SilenceStore silences, CancellationToken ct) => silences.GetAsync(id, ct)).WithSummary("One silence");
        group.MapPut("/silences/{id}", (string id, SilenceRequest request, SilenceStore silences, CancellationToken ct) => silences.UpdateAsync(id, request, ct))
            .WithSummary("Change a silence's matchers, window or comment").RequireAuthorization(write);
        group.MapDelete("/silences/{id}", (string id, SilenceStore silences, CancellationToken ct) => silences.ExpireAsync(id, ct))
            .WithSummary("End a silence now (it stays listed as expired)").RequireAuthorization(write);

        group.MapGet("/channels", (AlertChannelStore channels, CancellationToken ct) => channels.ListAsync(ct)).WithSummary("Channels (URLs beyond the host, secrets and passwords never shown)");
        group.MapPost("/channels", CreateChannelAsync).WithSummary("Add an email, Slack or webhook channel").RequireAuthorization(write);
        group.MapGet("/channels/{id}", (string id, AlertChannelStore channels, CancellationToken ct) => channels.GetAsync(id, ct)).WithSummary("One channel");
        group.MapPut("/channels/{id}", (string id, AlertChannelRequest request, AlertChannelStore channels, CancellationToken ct) => channels.UpdateAsync(id, request, ct))
            .WithSummary("Change the fields given (secrets left out are kept)").RequireAuthorization(write);
        group.MapDelete("/channels/{id}", DeleteChannelAsync).WithSummary("Delete a channel the routing does not use").RequireAuthorization(write);
        group.MapPost("/channels/{id}/test", (string id, AlertDispatcher dispatcher, CancellationToken ct) => dispatcher.SendTestAsync(id, ct))
            .WithSummary("Send a sample notification through a channel now; returns how the delivery went").RequireAuthorization(write);

        group.MapGet("/routing", (RoutingStore routing, CancellationToken ct) => routing.GetAsync(ct)).WithSummary("Routes, inhibitions and escalation policies");
        group.MapPut("/routing", (AlertRoutingConfig config, RoutingStore routing, CancellationToken ct) => routing.SetAsync(config, ct))
            .WithSummary("Replace the routing document").RequireAuthorization(write);
        group.MapPost("/routing/test", (RoutingTestRequest request, RoutingTester tester, CancellationToken ct) => tester.TestAsync(request, ct))
            .WithSummary("Where an alert with these labels would go: routes, channels, grouping, silences and inhibitions (the stored routing, or a draft given in the body)");
        return group;
    }

    static async Task<Ok<AlertPage>> ListAsync(AlertStore alerts, CancellationToken cancellationToken,
        string? state = null, string? rule = null, int? limit = null, string? before = null)
    {
        var validator = new Validator();
        List<AlertState>? states = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            // "all" is every state; otherwise one state or several, comma-separated (firing,resolved).
            var parts = state.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            states = [];
            if (parts.Any(p => string.Equals(p, "all", StringComparison.OrdinalIgnoreCase)))
            {
                if (parts.Length > 1) validator.Add("state", "'all' stands alone: it already takes every state.");
            }
            else
            {
                foreach (var part in parts)
                {
                    if (AlertStates.TryParse(part, out var s)) states.Add(s);
                    else validator.Add("state", $"'{part}' is not one of: all, {string.Join(", ", Enum.GetValues<AlertState>().Select(AlertStates.Name))}.");
                }
            }
        }

        var size = GitQuery.Bounded(validator, "limit", limit, 100, 1, 1000);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await alerts.ListAsync(states, Blank(rule), size, Blank(before), cancellationToken));
    }

    static async Task<Ok<AlertView>> GetAsync(string id, AlertStore alerts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await alerts.GetAsync(id, cancellationToken));

    static async Task<Ok<AlertView>> AcknowledgeAsync(string id, AcknowledgeRequest? request, AlertStore alerts, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await alerts.AcknowledgeAsync(id, CollaborationEndpoints.Caller(user), request?.Comment, cancellationToken));

    static async Task<Ok<AlertEventPage>> HistoryAsync(AlertHistory history, CancellationToken cancellationToken,
        string? alert = null, string? rule = null, string? type = null, string? from = null, string? to = null, int? limit = null, long? before = null)
    {
        var validator = new Validator();
        if (type is not null && !AlertEventTypes.All.Contains(type))
            validator.Add("type", $"'{type}' is not one of: {string.Join(", ", AlertEventTypes.All.Order(StringComparer.Ordinal))}.");
        var start = GitQuery.Date(validator, "from", from);
        var end = GitQuery.Date(validator, "to", to);
        var size = GitQuery.Bounded(validator, "limit", limit, 50, 1, 500);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await history.PageAsync(new AlertHistoryQuery(Blank(alert), Blank(rule), Blank(type), start, end, size, before), cancellationToken));
    }

    static async Task<Created<AlertRule>> CreateRuleAsync(AlertRule? rule, AlertRuleStore rules, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await rules.CreateAsync(rule!, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Created($"/api/v2/monitoring/alerts/rules/{created.Id}", created);
    }

    static async Task<NoContent> DeleteRuleAsync(string id, AlertRuleStore rules, CancellationToken cancellationToken)
    {
        await rules.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<BacktestResult>> BacktestRuleAsync(string id, BacktestRequest? request, AlertRuleStore rules, AlertBacktester backtester, CancellationToken cancellationToken)
    {
        var rule = await rules.GetAsync(id, cancellationToken);
        return TypedResults.Ok(await backtester.RunAsync(rule, request?.From, request?.To, cancellationToken));
    }

    static async Task<Ok<BacktestResult>> BacktestAsync(BacktestRequest? request, AlertBacktester backtester, CancellationToken cancellationToken)
    {
        if (request?.Rule is null) throw new ValidationFailedException(new Dictionary<string, string[]> { ["rule"] = ["Give the rule to replay (or POST rules/{id}/backtest for a stored one)."] });
        return TypedResults.Ok(await backtester.RunAsync(request.Rule, request.From, request.To, cancellationToken));
    }

    static async Task<Created<Silence>> CreateSilenceAsync(SilenceRequest? request, SilenceStore silences, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var silence = await silences.CreateAsync(request!, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Created($"/api/v2/monitoring/alerts/silences/{silence.Id}", silence);
    }

    static async Task<Created<AlertChannelView>> CreateChannelAsync(AlertChannelRequest? request, AlertChannelStore channels, CancellationToken cancellationToken)
    {
        var channel = await channels.CreateAsync(request ?? new AlertChannelRequest(), cancellationToken);
        return TypedResults.Created($"/api/v2/monitoring/alerts/channels/{channel.Id}", channel);
    }

    static async Task<NoContent> DeleteChannelAsync(string id, AlertChannelStore channels, CancellationToken cancellationToken)
    {
        await channels.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The body of an acknowledgment: what is being done about the alert.</summary>
public sealed record AcknowledgeRequest(string? Comment);
