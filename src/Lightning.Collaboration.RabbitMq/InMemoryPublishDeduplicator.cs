namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// What <see cref="RabbitMqMessageBus"/> uses when given no deduplicator: the last <c>capacity</c> ids, in memory. It de-duplicates per publishing process only: two
/// processes, or one process after a restart, can publish the same id twice. The server and <c>lightning worker</c> use
/// <see cref="PostgresPublishDeduplicator"/> or <see cref="SqlitePublishDeduplicator"/> instead (see <c>BusConnector</c>).
/// </summary>
public sealed class InMemoryPublishDeduplicator : IPublishDeduplicator
{
    public const int DefaultCapacity = 100_000;

    readonly int _capacity;
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    readonly LinkedList<string> _order = new();
    readonly Lock _gate = new();

    public InMemoryPublishDeduplicator(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_seen.Add(key))
            {
                return ValueTask.FromResult(false);
            }

            _order.AddLast(key);
            if (_order.Count > _capacity)
            {
                _seen.Remove(_order.First!.Value);
                _order.RemoveFirst();
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_seen.Remove(key))
            {
                _order.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }
}
