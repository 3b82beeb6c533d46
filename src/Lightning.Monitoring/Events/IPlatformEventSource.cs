namespace Lightning.Monitoring.Events;

/// <summary>
/// Somewhere platform events come from: the events the monitoring module stores itself (posted deployments, recorded
/// configuration changes), collaborations (an adapter the server registers, since Monitoring sits below
/// Collaboration), and anything else that can say what the platform did when. Root-cause hints and chart markers read
/// all registered sources through <see cref="PlatformEventReader"/>.
/// </summary>
public interface IPlatformEventSource
{
    /// <summary>A short name, shown as each event's <see cref="PlatformEventEntry.Source"/> when a source fails.</summary>
    string Name { get; }

    /// <summary>The events in [<paramref name="start"/>, <paramref name="until"/>), of <paramref name="kind"/> when given, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PlatformEventEntry>> ReadAsync(DateTimeOffset start, DateTimeOffset until, string? kind, int limit, CancellationToken cancellationToken);
}
