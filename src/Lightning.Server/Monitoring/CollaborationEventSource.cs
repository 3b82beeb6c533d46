using Lightning.Collaboration.Execution;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Events;

namespace Lightning.Server.Monitoring;

/// <summary>
/// Collaborations as platform events: one when each started and one when it finished (succeeded, failed, cancelled,
/// budget exhausted). Read through <see cref="ICollaborationService"/> because Monitoring sits below Collaboration and
/// cannot reference it; the server, which composes both, registers this adapter.
/// </summary>
public sealed class CollaborationEventSource(ICollaborationService collaborations) : IPlatformEventSource
{
    /// <summary>
    /// Collaborations are listed newest first by when they started, so one that started this long before the window and
    /// finished inside it is still found; older ones are not (their finish is not indexed by time).
    /// </summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    /// <summary>Bounds the paging: at most this many collaborations are looked at per read.</summary>
    public const int MaxScanned = 10_000;

    public string Name => PlatformEventSources.Collaboration;

    public async Task<IReadOnlyList<PlatformEventEntry>> ReadAsync(DateTimeOffset start, DateTimeOffset until, string? kind, int limit, CancellationToken cancellationToken)
    {
        if (kind is not null && !string.Equals(kind, PlatformEventKinds.Collaboration, StringComparison.Ordinal)) return [];
        var events = new List<PlatformEventEntry>();
        string? before = null;
        var scanned = 0;
        while (scanned < MaxScanned)
        {
            var page = await collaborations.ListAsync(new CollaborationQuery(Before: before, Limit: 500), cancellationToken);
            foreach (var c in page.Items)
            {
                if (c.CreatedAt < start - Lookback) return Ordered(events, limit);
                scanned++;
                var labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["collaboration"] = c.Id,
                    ["submitted_by"] = c.SubmittedBy,
                };
                if (c.CreatedAt >= start && c.CreatedAt < until)
                    events.Add(new PlatformEventEntry($"{c.Id}:started", Name, c.CreatedAt, PlatformEventKinds.Collaboration,
                        $"Collaboration '{c.Title}' started", labels, $"{c.Total} subtasks", c.SubmittedBy));
                if (c.FinishedAt is { } finished && finished >= start && finished < until)
                {
                    var status = Status(c.Status);
                    events.Add(new PlatformEventEntry($"{c.Id}:{status}", Name, finished, PlatformEventKinds.Collaboration,
                        $"Collaboration '{c.Title}' {status}", new Dictionary<string, string>(labels, StringComparer.Ordinal) { ["status"] = status },
                        $"{c.Succeeded} of {c.Total} subtasks succeeded, {c.Failed} failed", c.SubmittedBy));
                }
            }
            if (page.Next is null) break;
            before = page.Next;
        }
        return Ordered(events, limit);
    }

    static string Status(CollaborationStatus status) => status switch
    {
        CollaborationStatus.Succeeded => "succeeded",
        CollaborationStatus.Failed => "failed",
        CollaborationStatus.Cancelled => "cancelled",
        CollaborationStatus.BudgetExhausted => "budget-exhausted",
        _ => "running",
    };

    static List<PlatformEventEntry> Ordered(List<PlatformEventEntry> events, int limit)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        return ordered.Count > limit ? ordered[^limit..] : ordered;
    }
}
