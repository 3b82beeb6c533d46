using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>Mutes the notifications of alerts its matchers match, from <see cref="StartsAt"/> to <see cref="EndsAt"/>. Alerts still change state and are recorded.</summary>
public sealed record Silence(
    string Id,
    IReadOnlyList<TagFilter> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset CreatedAt)
{
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;
}

/// <summary>A new silence or a change: matchers, a window (start defaults to now), and why.</summary>
public sealed record SilenceRequest(IReadOnlyList<TagFilter>? Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Comment);
