using Lightning.Monitoring.Analysis.RootCause;

namespace Lightning.Monitoring.Events;

/// <summary>
/// One platform event as the API lists it (and the dashboard draws it as a marker): when, what kind, a title, labels
/// (the service, host or environment it concerns), free text, who recorded it and which source it came from.
/// </summary>
public sealed record PlatformEventEntry(
    string Id,
    string Source,
    DateTimeOffset At,
    string Kind,
    string Title,
    IReadOnlyDictionary<string, string> Labels,
    string? Text = null,
    string? By = null)
{
    /// <summary>The event as the root-cause ranker takes it.</summary>
    public PlatformEvent ToPlatformEvent() => new(At, Kind, Title, Labels);
}
