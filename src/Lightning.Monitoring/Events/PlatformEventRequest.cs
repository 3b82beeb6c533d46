namespace Lightning.Monitoring.Events;

/// <summary>
/// An event to record, as CI/CD posts it (after Grafana's annotations): <see cref="Kind"/> such as <c>deployment</c>,
/// <c>config-change</c>, <c>rollback</c>, <c>restart</c> (lowercase letters, digits and dashes); <see cref="At"/>
/// defaults to now.
/// </summary>
public sealed record PlatformEventRequest(
    string? Kind = null,
    string? Title = null,
    DateTimeOffset? At = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    string? Text = null);
