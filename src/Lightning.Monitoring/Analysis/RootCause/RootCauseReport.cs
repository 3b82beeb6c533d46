using Lightning.Monitoring.Events;

namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>
/// The ranked hints for one onset, with what was looked at: the target series (null when none), the candidate queries,
/// the platform events in the window, and the event sources that failed (their events are missing from the ranking).
/// </summary>
public sealed record RootCauseReport(
    DateTimeOffset Onset,
    string? AlertId,
    string? Target,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    IReadOnlyList<RootCauseHint> Hints,
    IReadOnlyList<PlatformEventEntry> Events,
    IReadOnlyList<string> Candidates,
    IReadOnlyList<string> FailedSources);
