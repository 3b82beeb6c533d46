using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Testing.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/testing/notifications</c>: rules that tell a webhook or a mailbox about failed, errored, timed-out,
/// recovered and flaky runs (admin), a sample sent to one rule (admin), and the log of deliveries (viewer).
/// </summary>
public static class TestingNotificationEndpoints
{
    public static RouteGroupBuilder MapTestingNotificationEndpoints(this RouteGroupBuilder testing)
    {
        ArgumentNullException.ThrowIfNull(testing);
        var group = testing.MapGroup("/notifications");
        var admin = LightningClaims.Policies.Admin;
        group.MapGet("/rules", ListAsync).WithSummary("Notification rules (secrets never shown)").RequireAuthorization(admin);
        group.MapPost("/rules", CreateAsync).WithSummary("Add a notification rule: webhook (url, secret) or email (to)").RequireAuthorization(admin);
        group.MapGet("/rules/{id}", GetAsync).WithSummary("One notification rule").RequireAuthorization(admin);
        group.MapPatch("/rules/{id}", UpdateAsync).WithSummary("Change the fields given of a notification rule").RequireAuthorization(admin);
        group.MapDelete("/rules/{id}", DeleteAsync).WithSummary("Delete a notification rule (its deliveries stay listed)").RequireAuthorization(admin);
        group.MapPost("/rules/{id}/test", TestAsync).WithSummary("Send a sample failed run to a rule now; returns the delivery").RequireAuthorization(admin);
        group.MapGet("/deliveries", DeliveriesAsync).WithSummary("Deliveries newest first: rule, run, channel, status, attempts, error");
        return group;
    }

    static async Task<Ok<IReadOnlyList<NotificationRule>>> ListAsync(NotificationRuleStore rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rules.ListAsync(cancellationToken));

    static async Task<Created<NotificationRule>> CreateAsync(
        NotificationRuleChange request, NotificationRuleStore rules, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var rule = await rules.CreateAsync(request, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Created($"/api/v2/testing/notifications/rules/{rule.Id}", rule);
    }

    static async Task<Ok<NotificationRule>> GetAsync(string id, NotificationRuleStore rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rules.GetAsync(id, cancellationToken));

    static async Task<Ok<NotificationRule>> UpdateAsync(string id, NotificationRuleChange request, NotificationRuleStore rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rules.UpdateAsync(id, request, cancellationToken));

    static async Task<NoContent> DeleteAsync(string id, NotificationRuleStore rules, CancellationToken cancellationToken)
    {
        await rules.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<NotificationDelivery>> TestAsync(string id, TestRunNotifier notifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notifier.SendTestAsync(id, cancellationToken));

    static async Task<Ok<NotificationDeliveryPage>> DeliveriesAsync(
        NotificationRuleStore rules, CancellationToken cancellationToken,
        string? rule = null, string? run = null, string? status = null, int? limit = null, string? before = null)
    {
        var validator = new Validator();
        var parsed = GitQuery.Enum<NotificationDeliveryStatus>(validator, "status", status);
        var size = GitQuery.Bounded(validator, "limit", limit, 50, 1, 500);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await rules.ListDeliveriesAsync(Blank(rule), Blank(run), parsed, size, Blank(before), cancellationToken));
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
