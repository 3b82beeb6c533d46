using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Embedded;

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

    /// <summary>
    /// The events that concern what a chart's tag filters select: an event with a filtered label must pass the filter;
    /// one without that label (a deployment of everything) concerns every series and stays.
    /// </summary>
    public static IReadOnlyList<PlatformEventEntry> Concerning(IReadOnlyList<PlatformEventEntry> events, IReadOnlyList<TagFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (filters is not { Count: > 0 }) return events;
        var matcher = new TagMatcher(filters);
        return [.. events.Where(e => matcher.Matches(key => e.Labels.GetValueOrDefault(key), missingMatches: true))];
    }
}
