namespace Lightning.Testing.Notifications;

/// <summary>A rule as the API shows it: the webhook secret is never shown, only whether there is one.</summary>
public sealed record NotificationRule(
    string Id,
    string Name,
    string Repository,
    IReadOnlyList<NotificationEvent> Events,
    NotificationChannel Channel,
    string? Url,
    bool HasSecret,
    IReadOnlyList<string> To,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt)
{
    public static NotificationRule From(NotificationRuleEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new NotificationRule(entity.Id, entity.Name, entity.Repository, NotificationEvents.Split(entity.Events), entity.Channel, entity.Url,
            entity.ProtectedSecret is not null, NotificationRuleStore.SplitRecipients(entity.Recipients), entity.Enabled, entity.CreatedAt,
            entity.CreatedBy, entity.UpdatedAt);
    }
}
