using System.Threading.Channels;

namespace Lightning.Testing.History;

/// <summary>
/// Fans every run's changes out to live subscribers in process (the server-wide runs socket). Publishing never waits:
/// each subscriber has a bounded buffer, and one that falls behind is dropped (its reader completes and
/// <see cref="Subscription.Overflowed"/> is set) rather than slowing a run. A dropped client reconnects and reads the
/// current list again.
/// </summary>
public sealed class TestRunChanges
{
    public const int DefaultCapacity = 512;

    readonly Lock _gate = new();
    Subscription[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public Subscription Subscribe(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new Subscription(this, capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    public void Publish(TestRunChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        // A copy-on-write array: publishers never take the lock, so a run's progress never waits for a subscriber.
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (!subscriber.Channel.Writer.TryWrite(change))
            {
                subscriber.Overflow();
            }
        }
    }

    void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    /// <summary>One subscriber's buffer; dispose it to stop receiving.</summary>
    public sealed class Subscription : IDisposable
    {
        readonly TestRunChanges _owner;
        int _overflowed;

        internal Subscription(TestRunChanges owner, int capacity)
        {
            _owner = owner;
            Channel = System.Threading.Channels.Channel.CreateBounded<TestRunChange>(
                new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        internal Channel<TestRunChange> Channel { get; }

        public ChannelReader<TestRunChange> Reader => Channel.Reader;

        /// <summary>True once the buffer was full: the reader ends, and changes after it were not delivered.</summary>
        public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

        internal void Overflow()
        {
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                Channel.Writer.TryComplete();
                _owner.Remove(this);
            }
        }

        public void Dispose()
        {
            Channel.Writer.TryComplete();
            _owner.Remove(this);
        }
    }
}
