using System.Collections.Concurrent;

namespace Lightning.Git.Tests.Hosting.GitLab;

/// <summary>
/// A clock fixed at one instant whose timers fire at once and remember what they were asked to wait: a test sees the
/// waits a client chose without spending them.
/// </summary>
public sealed class DelayRecordingTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DelayRecordingTimeProvider() : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
