using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Lightning.Collaboration.Execution;

/// <summary>Fans committed events out to the watchers of each collaboration (WebSockets, the CLI's watch).</summary>
public sealed class CollaborationLiveStreams
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<CollaborationEvent>, byte>> _watchers = new(StringComparer.Ordinal);

    public Channel<CollaborationEvent> Subscribe(string collaborationId)
    {
        var channel = Channel.CreateUnbounded<CollaborationEvent>(new UnboundedChannelOptions { SingleReader = true });
        _watchers.GetOrAdd(collaborationId, _ => new()).TryAdd(channel, 0);
        return channel;
    }

    public void Unsubscribe(string collaborationId, Channel<CollaborationEvent> channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (_watchers.TryGetValue(collaborationId, out var set))
        {
            set.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        }
    }

    public void Publish(IReadOnlyList<CollaborationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (_watchers.TryGetValue(e.CollaborationId, out var set))
            {
                foreach (var channel in set.Keys)
                {
                    channel.Writer.TryWrite(e);
                }
            }
        }
    }
}
