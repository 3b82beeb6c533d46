using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace Lightning.Testing.History;

/// <summary>
/// The live event streams of runs that have not finished, in process. A subscriber gets every event so far and then
/// each new one, with no gap and no duplicate between the two; the stream ends after the run's last event.
/// </summary>
public sealed class TestRunLiveStreams
{
    readonly ConcurrentDictionary<string, LiveRun> _live = new(StringComparer.Ordinal);

    /// <summary>Starts a run's stream; its events are numbered from <paramref name="lastSequence"/> + 1.</summary>
    public LiveRun Open(string runId, long lastSequence = 0)
    {
        var live = new LiveRun(runId, lastSequence, this);
        return _live.TryAdd(runId, live) ? live : throw new InvalidOperationException($"Run '{runId}' already has a live stream.");
    }

    /// <summary>Null when the run is not live (finished, or unknown): its events are in the store.</summary>
    public Subscription? Subscribe(string runId) => _live.TryGetValue(runId, out var live) ? live.Subscribe() : null;

    public sealed record Subscription(IReadOnlyList<TestRunEvent> Past, ChannelReader<TestRunEvent> Live);

    /// <summary>One run's stream: numbers events, keeps them for late subscribers and fans them out.</summary>
    public sealed class LiveRun
    {
        readonly Lock _gate = new();
        readonly List<TestRunEvent> _history = [];
        readonly List<Channel<TestRunEvent>> _subscribers = [];
        readonly TestRunLiveStreams _owner;
        long _sequence;
        bool _completed;

        internal LiveRun(string runId, long lastSequence, TestRunLiveStreams owner)
        {
            RunId = runId;
            _sequence = lastSequence;
            _owner = owner;
        }

        public string RunId { get; }

        /// <summary>The sequence of the last event published.</summary>
        public long LastSequence
        {
            get
            {
                lock (_gate)
                {
                    return _sequence;
                }
            }
        }

        /// <summary>Numbers the event and sends it to every subscriber.</summary>
        public TestRunEvent Publish(string type, DateTimeOffset at, string? project, JsonElement? data)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_completed, this);
                var runEvent = new TestRunEvent(RunId, ++_sequence, type, at, project, data);
                _history.Add(runEvent);
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(runEvent);
                }

                return runEvent;
            }
        }

        /// <summary>Ends the stream: subscribers finish reading, later ones are sent to the store.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }

                _subscribers.Clear();
            }

            _owner._live.TryRemove(new KeyValuePair<string, LiveRun>(RunId, this));
        }

        internal Subscription Subscribe()
        {
            lock (_gate)
            {
                var channel = Channel.CreateUnbounded<TestRunEvent>(new UnboundedChannelOptions { SingleReader = true });
                if (_completed)
                {
                    channel.Writer.TryComplete();
                }
                else
                {
                    _subscribers.Add(channel);
                }

                return new Subscription(_history.ToList(), channel.Reader);
            }
        }
    }
}
