using System.Threading.Channels;

namespace Lightning.Monitoring.Alerts.History;

/// <summary>
/// Alert events as they are appended, for live subscribers (the dashboard's stream). Each subscriber has a bounded
/// buffer; a subscriber that falls behind loses its oldest events rather than slowing the evaluator, and can read
/// what it missed from the history.
/// </summary>
public sealed class AlertEventStream
{
    readonly Lock _gate = new();
    readonly List<Channel<AlertEvent>> _subscribers = [];

    public ChannelReader<AlertEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AlertEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate) _subscribers.Add(channel);
        cancellationToken.Register(() =>
        {
            lock (_gate) _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    internal void Publish(IEnumerable<AlertEvent> events)
    {
        Channel<AlertEvent>[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var e in events)
        {
            foreach (var subscriber in subscribers) subscriber.Writer.TryWrite(e);
        }
    }
}
