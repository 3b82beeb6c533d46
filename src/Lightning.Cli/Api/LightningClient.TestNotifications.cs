using System.Globalization;
using Lightning.Testing.Notifications;

namespace Lightning.Cli.Api;

/// <summary>Failure notification rules and their deliveries (<c>/api/v2/testing/notifications/...</c>).</summary>
internal sealed partial class LightningClient
{
    const string NotificationRules = "api/v2/testing/notifications/rules";

    public Task<ApiResult<IReadOnlyList<NotificationRule>>> ListNotificationRulesAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<NotificationRule>>(HttpMethod.Get, NotificationRules, cancellationToken);

    public Task<ApiResult<NotificationRule>> CreateNotificationRuleAsync(NotificationRuleChange rule, CancellationToken cancellationToken) =>
        SendAsync<NotificationRuleChange, NotificationRule>(HttpMethod.Post, NotificationRules, rule, cancellationToken);

    public Task<ApiResult<NotificationRule>> UpdateNotificationRuleAsync(string id, NotificationRuleChange change, CancellationToken cancellationToken) =>
        SendAsync<NotificationRuleChange, NotificationRule>(HttpMethod.Patch, $"{NotificationRules}/{Segment(id)}", change, cancellationToken);

    public async Task DeleteNotificationRuleAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{NotificationRules}/{Segment(id)}");
        using var response = await SendAsync(request, cancellationToken);
    }

    public Task<ApiResult<NotificationDelivery>> TestNotificationRuleAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<NotificationDelivery>(HttpMethod.Post, $"{NotificationRules}/{Segment(id)}/test", cancellationToken);

    public Task<ApiResult<NotificationDeliveryPage>> ListNotificationDeliveriesAsync(
        string? rule, string? run, string? status, int? limit, string? before, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "rule", rule);
        AddQuery(query, "run", run);
        AddQuery(query, "status", status);
        AddQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        AddQuery(query, "before", before);
        return SendAsync<NotificationDeliveryPage>(HttpMethod.Get, WithQuery("api/v2/testing/notifications/deliveries", query), cancellationToken);
    }
}
