using System.Collections.Concurrent;

namespace Lightning.Agents.Registry;

/// <summary>
/// What agents are doing right now: when each was last heard from and how many actions each runs, with the slots
/// that cap them at their max concurrency. Runtime state only; it is rebuilt from heartbeats after a restart.
/// </summary>
public sealed class AgentActivity(TimeProvider timeProvider)
{
    readonly ConcurrentDictionary<string, DateTimeOffset> _heartbeats = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Slots> _slots = new(StringComparer.Ordinal);

    public void Beat(string agent) => _heartbeats[agent] = timeProvider.GetUtcNow();

    public DateTimeOffset? LastHeartbeat(string agent) => _heartbeats.TryGetValue(agent, out var at) ? at : null;

    public int Running(string agent) => _running.TryGetValue(agent, out var count) ? count : 0;

    public void Forget(string agent)
    {
        _heartbeats.TryRemove(agent, out _);
        _running.TryRemove(agent, out _);
        _slots.TryRemove(agent, out _);
    }

    public AgentStatus StatusOf(string agent, TimeSpan offlineAfter)
    {
        var last = LastHeartbeat(agent);
        if (last is null || timeProvider.GetUtcNow() - last.Value > offlineAfter)
        {
            return AgentStatus.Offline;
        }

        return Running(agent) > 0 ? AgentStatus.Busy : AgentStatus.Idle;
    }

    /// <summary>Waits for a free slot of the agent, then counts the action as running until the returned handle is disposed.</summary>
    public async Task<IDisposable> AcquireAsync(string agent, int maxConcurrency, CancellationToken cancellationToken)
    {
        var slots = _slots.AddOrUpdate(agent, _ => new Slots(maxConcurrency), (_, existing) => existing.Size == maxConcurrency ? existing : new Slots(maxConcurrency));
        await slots.Semaphore.WaitAsync(cancellationToken);
        _running.AddOrUpdate(agent, 1, (_, count) => count + 1);
        return new Release(this, agent, slots);
    }

    sealed class Slots(int size)
    {
        public int Size { get; } = size;

        public SemaphoreSlim Semaphore { get; } = new(size, size);
    }

    sealed class Release(AgentActivity owner, string agent, Slots slots) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner._running.AddOrUpdate(agent, 0, (_, count) => Math.Max(0, count - 1));
                slots.Semaphore.Release();
            }
        }
    }
}
