namespace Lightning.Git.Tests.Hosting.GitHub;

/// <summary>
/// A clock that stands still until someone waits on it: each timer records how long it was asked to wait, moves the
/// clock forward by that much and fires at once. Rate-limit waits become instant and exactly checkable.
/// </summary>
internal sealed class InstantTimeProvider(DateTimeOffset start) : TimeProvider
{
    readonly Lock _gate = new();
    DateTimeOffset _now = start;
    readonly List<TimeSpan> _waits = [];

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero)
        {
            lock (_gate)
            {
                _waits.Add(dueTime);
                _now += dueTime;
            }
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
