using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Lightning.Collaboration.Patterns;

/// <summary>
/// The blackboards of every collaboration, in <c>&lt;data&gt;/collaboration/blackboard.db</c> (SQLite, WAL,
/// <c>synchronous=FULL</c>): per collaboration a versioned key/value store with compare-and-set, the history of every
/// key, and the links from <c>collaboration</c> subtasks to the child collaborations they started. Writes go through one
/// connection, one at a time, so a compare-and-set is atomic; reads use their own pooled connections.
/// </summary>
public sealed class BlackboardStore : IDisposable
{
    /// <summary>Keys are at most this long.</summary>
    public const int MaxKeyLength = 200;

    const string Schema = """
        CREATE TABLE IF NOT EXISTS entries (
            collaboration_id TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            last_idempotency_key TEXT NULL,
            PRIMARY KEY (collaboration_id, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS history (
            collaboration_id TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            value TEXT NOT NULL,
            written_at INTEGER NOT NULL,
            written_by TEXT NOT NULL,
            subtask TEXT NULL,
            idempotency_key TEXT NULL,
            announced INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (collaboration_id, key, version)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS history_idempotency ON history (collaboration_id, key, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE IF NOT EXISTS children (
            idempotency_key TEXT PRIMARY KEY,
            parent_id TEXT NOT NULL,
            child_id TEXT NOT NULL,
            created_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    readonly string _readConnectionString;
    readonly SqliteConnection _writer;
    readonly SemaphoreSlim _writeLock = new(1, 1);
    readonly TimeProvider _time;

    public BlackboardStore(string file, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _writer.Open();
        Execute("PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(Schema);
    }

    /// <summary>The key as it stands, or null when it was never written.</summary>
    public async Task<BlackboardEntry?> ReadAsync(string collaboration, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, version, updated_at, updated_by FROM entries WHERE collaboration_id = $c AND key = $k";
        command.Parameters.AddWithValue("$c", collaboration);
        command.Parameters.AddWithValue("$k", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    /// <summary>The keys starting with <paramref name="prefix"/> (all when empty), in order.</summary>
    public async Task<IReadOnlyList<BlackboardEntry>> ListAsync(string collaboration, string? prefix, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, version, updated_at, updated_by FROM entries WHERE collaboration_id = $c AND substr(key, 1, length($p)) = $p ORDER BY key";
        command.Parameters.AddWithValue("$c", collaboration);
        command.Parameters.AddWithValue("$p", prefix ?? string.Empty);
        var entries = new List<BlackboardEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>Every key of the collaboration with its history.</summary>
    public async Task<BlackboardView> SnapshotAsync(string collaboration, CancellationToken cancellationToken)
    {
        var entries = await ListAsync(collaboration, null, cancellationToken);
        var history = new Dictionary<string, List<BlackboardRevision>>(StringComparer.Ordinal);
        await using (var connection = await OpenReaderAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key, version, value, written_at, written_by, subtask FROM history WHERE collaboration_id = $c ORDER BY key, version";
            command.Parameters.AddWithValue("$c", collaboration);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                if (!history.TryGetValue(key, out var revisions))
                {
                    history[key] = revisions = [];
                }

                revisions.Add(new BlackboardRevision(reader.GetInt64(1), Json(reader.GetString(2)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        return new BlackboardView(collaboration, [.. entries.Select(entry => new BlackboardEntryView(
            entry.Key, entry.Value, entry.Version, entry.UpdatedAt, entry.UpdatedBy, history.GetValueOrDefault(entry.Key) ?? []))]);
    }

    /// <summary>Writes the key (a compare-and-set when the write expects a version); returns once durable.</summary>
    public async Task<BlackboardWriteResult> WriteAsync(BlackboardWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (string.IsNullOrEmpty(write.Key))
        {
            throw new ArgumentException("A blackboard write needs a key.", nameof(write));
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            if (write.IdempotencyKey is { } idempotencyKey &&
                Query(transaction, "SELECT version, announced FROM history WHERE collaboration_id = $c AND key = $k AND idempotency_key = $i",
                    reader => (Version: reader.GetInt64(0), Announced: reader.GetInt64(1) != 0),
                    ("$c", write.Collaboration), ("$k", write.Key), ("$i", idempotencyKey)) is { Count: > 0 } done)
            {
                return new BlackboardWriteResult(write.Key, done[0].Version, Conflict: false, Replayed: true, done[0].Announced, write.ExpectedVersion);
            }

            var current = Query(transaction, "SELECT version FROM entries WHERE collaboration_id = $c AND key = $k",
                reader => reader.GetInt64(0), ("$c", write.Collaboration), ("$k", write.Key)).FirstOrDefault();
            if (write.ExpectedVersion is { } expected && expected != current)
            {
                return new BlackboardWriteResult(write.Key, current, Conflict: true, Replayed: false, Announced: false, expected);
            }

            var version = current + 1;
            var value = write.Value.GetRawText();
            var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
            Run(transaction, """
                INSERT INTO entries (collaboration_id, key, version, value, updated_at, updated_by, last_idempotency_key) VALUES ($c, $k, $v, $value, $at, $by, $i)
                ON CONFLICT (collaboration_id, key) DO UPDATE SET version = excluded.version, value = excluded.value, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by, last_idempotency_key = excluded.last_idempotency_key
                """,
                ("$c", write.Collaboration), ("$k", write.Key), ("$v", version), ("$value", value), ("$at", at), ("$by", write.WrittenBy), ("$i", write.IdempotencyKey));
            Run(transaction, "INSERT INTO history (collaboration_id, key, version, value, written_at, written_by, subtask, idempotency_key) VALUES ($c, $k, $v, $value, $at, $by, $s, $i)",
                ("$c", write.Collaboration), ("$k", write.Key), ("$v", version), ("$value", value), ("$at", at), ("$by", write.WrittenBy), ("$s", write.Subtask), ("$i", write.IdempotencyKey));
            transaction.Commit();
            return new BlackboardWriteResult(write.Key, version, Conflict: false, Replayed: false, Announced: false, write.ExpectedVersion);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Notes that the write's message reached the collaboration's log, so a replay does not send it twice.</summary>
    public Task MarkAnnouncedAsync(string collaboration, string key, long version, CancellationToken cancellationToken) =>
        WriteLockedAsync("UPDATE history SET announced = 1 WHERE collaboration_id = $c AND key = $k AND version = $v", cancellationToken,
            ("$c", collaboration), ("$k", key), ("$v", version));

    public async Task<ChildCollaborationLink?> FindChildAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT parent_id, child_id FROM children WHERE idempotency_key = $i";
        command.Parameters.AddWithValue("$i", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ChildCollaborationLink(idempotencyKey, reader.GetString(0), reader.GetString(1))
            : null;
    }

    public Task SaveChildAsync(string idempotencyKey, string parent, string child, CancellationToken cancellationToken) =>
        WriteLockedAsync("INSERT OR REPLACE INTO children (idempotency_key, parent_id, child_id, created_at) VALUES ($i, $p, $c, $at)", cancellationToken,
            ("$i", idempotencyKey), ("$p", parent), ("$c", child), ("$at", _time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Drops the link, so the next run of the subtask starts a new child.</summary>
    public Task ForgetChildAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        WriteLockedAsync("DELETE FROM children WHERE idempotency_key = $i", cancellationToken, ("$i", idempotencyKey));

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    static BlackboardEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetString(0), Json(reader.GetString(1)), reader.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4));

    static JsonElement? Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone();
    }

    async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    async Task WriteLockedAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            Run(transaction, sql, parameters);
            transaction.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    void Run(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    List<T> Query<T>(SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    SqliteCommand Command(SqliteTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
