namespace Lightning.Testing.Notifications;

/// <summary>
/// A new rule (every required field) or a change to one (only the fields given change). Events and channel are names
/// (<c>timed-out</c>, <c>webhook</c>) so bad input is a validation error naming the field, not a JSON error.
/// </summary>
public sealed record NotificationRuleChange
{
    public string? Name { get; init; }

    /// <summary>A glob over repositories; default <c>**</c> (every repository).</summary>
    public string? Repository { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public string? Channel { get; init; }

    public string? Url { get; init; }

    /// <summary>The webhook's HMAC key: written, never read back.</summary>
    public string? Secret { get; init; }

    public IReadOnlyList<string>? To { get; init; }

    public bool? Enabled { get; init; }
}
