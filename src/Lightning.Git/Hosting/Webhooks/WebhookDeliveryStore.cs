using Microsoft.Data.Sqlite;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// The delivery ids already handled, with when they arrived, in a SQLite file (so a replay is still recognised after a
/// restart). Ids older than the retention window are pruned as new ones are recorded.
/// </summary>
public sealed class WebhookDeliveryStore : IDisposable
{
    readonly SqliteConnection _connection;
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/>, e.g. <c>&lt;data&gt;/git/webhook-deliveries.db</c>.</summary>
    public WebhookDeliveryStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
                provider TEXT NOT NULL,
                delivery_id TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (provider, delivery_id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS webhook_deliveries_received_at ON webhook_deliveries (received_at);
            """;
        command.ExecuteNonQuery();
        FilePath = full;
    }

    public string FilePath { get; }

    public async Task<bool> HasSeenAsync(string provider, string deliveryId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM webhook_deliveries WHERE provider = $provider AND delivery_id = $id";
            command.Parameters.AddWithValue("$provider", provider);
            command.Parameters.AddWithValue("$id", deliveryId);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records a handled delivery and drops ids received before <paramref name="pruneBefore"/>; returns how many were dropped.</summary>
    public async Task<int> RecordAsync(string provider, string deliveryId, DateTimeOffset receivedAt, DateTimeOffset pruneBefore, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO webhook_deliveries (provider, delivery_id, received_at) VALUES ($provider, $id, $at)";
            insert.Parameters.AddWithValue("$provider", provider);
            insert.Parameters.AddWithValue("$id", deliveryId);
            insert.Parameters.AddWithValue("$at", receivedAt.UtcTicks);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            using var prune = _connection.CreateCommand();
            prune.Transaction = transaction;
            prune.CommandText = "DELETE FROM webhook_deliveries WHERE received_at < $cutoff";
            prune.Parameters.AddWithValue("$cutoff", pruneBefore.UtcTicks);
            var pruned = await prune.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return pruned;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
