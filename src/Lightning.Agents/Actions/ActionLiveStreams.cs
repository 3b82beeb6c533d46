using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;

namespace Lightning.Agents.Actions;

/// <summary>
/// The live event streams of actions that have not finished. A subscriber gets everything that happened so far
/// and then each new event, with no gap and no duplicate between the two.
/// </summary>
public sealed class ActionLiveStreams
{
    readonly ConcurrentDictionary<string, LiveAction> _live = new(StringComparer.Ordinal);

    public void Open(string actionId) => _live.TryAdd(actionId, new LiveAction());

    public void Publish(string actionId, ActionEvent actionEvent)
    {
        if (_live.TryGetValue(actionId, out var live))
        {
            live.Publish(actionEvent, complete: false);
        }
    }

    /// <summary>Sends the last event and ends the stream; later subscribers read the stored record instead.</summary>
    public void Complete(string actionId, ActionEvent finished)
    {
        if (_live.TryRemove(actionId, out var live))
        {
            live.Publish(finished, complete: true);
        }
    }

    /// <summary>Null when the action is not live (finished, or unknown).</summary>
    public Subscription? Subscribe(string actionId) => _live.TryGetValue(actionId, out var live) ? live.Subscribe() : null;

    /// <summary>The output so far of a live action, whole and in pieces, or null when it is not live.</summary>
    public LiveOutput? OutputSoFar(string actionId) => _live.TryGetValue(actionId, out var live) ? live.Output() : null;

    public sealed record LiveOutput(string Output, IReadOnlyList<ActionOutputData> Segments);

    public sealed record Subscription(IReadOnlyList<ActionEvent> Past, ChannelReader<ActionEvent> Live);

    sealed class LiveAction
    {
        readonly Lock _gate = new();
        readonly List<ActionEvent> _history = [];
        readonly List<Channel<ActionEvent>> _subscribers = [];
        bool _completed;

        public void Publish(ActionEvent actionEvent, bool complete)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _history.Add(actionEvent);
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(actionEvent);
                    if (complete)
                    {
                        subscriber.Writer.TryComplete();
                    }
                }

                _completed = complete;
            }
        }

        public Subscription Subscribe()
        {
            lock (_gate)
            {
                var channel = Channel.CreateUnbounded<ActionEvent>(new UnboundedChannelOptions { SingleReader = true });
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

        public LiveOutput Output()
        {
            lock (_gate)
            {
                var pieces = _history.Select(item => item.Data).OfType<ActionOutputData>().ToList();
                var text = new StringBuilder();
                foreach (var piece in pieces)
                {
                    text.Append(piece.Text);
                }

                return new LiveOutput(text.ToString(), pieces);
            }
        }
    }
}
