namespace Lightning.Testing.Notifications;

/// <summary>One delivery as the API lists it.</summary>
public sealed record NotificationDelivery(
    string Id,
    string RuleId,
    string RuleName,
    string? RunId,
    IReadOnlyList<NotificationEvent> Events,
    NotificationChannel Channel,
    string Target,
    NotificationDeliveryStatus Status,
    int Attempts,
    int? ResponseStatus,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static NotificationDelivery From(NotificationDeliveryEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new NotificationDelivery(entity.Id, entity.RuleId, entity.RuleName, entity.RunId,
            entity.Events == NotificationEvent.Test.ToName() ? [NotificationEvent.Test] : NotificationEvents.Split(entity.Events),
            entity.Channel, entity.Target, entity.Status, entity.Attempts, entity.ResponseStatus, entity.Error, entity.CreatedAt, entity.FinishedAt);
    }
}

/// <summary>A page of deliveries, newest first; <see cref="Next"/> is the <c>before</c> of the next page.</summary>
public sealed record NotificationDeliveryPage(IReadOnlyList<NotificationDelivery> Items, string? Next);
