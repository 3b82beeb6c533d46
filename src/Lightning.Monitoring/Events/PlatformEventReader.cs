using Lightning.Monitoring.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Events;

/// <summary>
/// Every registered <see cref="IPlatformEventSource"/> merged in time order. A source that fails is logged and left
/// out (the answer says which), so that one broken source does not take root-cause hints or chart markers down.
/// </summary>
public sealed class PlatformEventReader(IEnumerable<IPlatformEventSource> sources, ILogger<PlatformEventReader>? logger = null)
{
    readonly IReadOnlyList<IPlatformEventSource> _sources = [.. sources];
    readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public IReadOnlyList<string> SourceNames => [.. _sources.Select(s => s.Name)];

    public async Task<PlatformEventList> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? kind, int limit, CancellationToken cancellationToken)
    {
        var events = new List<PlatformEventEntry>();
        var failed = new List<string>();
        foreach (var source in _sources)
        {
            try
            {
                events.AddRange(await source.ReadAsync(from, to, kind, limit, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.EventSourceFailed(_logger, ex, source.Name);
                failed.Add(source.Name);
            }
        }

        var ordered = events.OrderBy(e => e.At).ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var truncated = ordered.Count > limit;
        // Keep the newest when cut: a chart of the last hour and a root-cause window both care most about what just happened.
        return new PlatformEventList(truncated ? ordered[^limit..] : ordered, truncated, failed);
    }
}

/// <summary>Merged events oldest first; <see cref="Truncated"/> when the limit cut older ones; the sources that failed.</summary>
public sealed record PlatformEventList(IReadOnlyList<PlatformEventEntry> Events, bool Truncated, IReadOnlyList<string> FailedSources);
