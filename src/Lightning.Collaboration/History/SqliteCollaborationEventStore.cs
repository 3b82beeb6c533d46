using System.Text.Json;
using System.Threading.Channels;
using Lightning.Collaboration.Execution;
using Lightning.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Lightning.Collaboration.History;

/// <summary>
/// The event log in a SQLite file (WAL, <c>synchronous=FULL</c>) with group commit: one writer takes every append
/// waiting (up to 8,192 events), writes them in one transaction and completes all callers after a single fsync.
/// Reads use their own pooled connections and never wait for the writer.
/// </summary>
public sealed class SqliteCollaborationEventStore : ICollaborationEventStore
{
    const int MaxBatchEvents = 8192;

    const string Schema = """
        CREATE TABLE IF NOT EXISTS events (
            collaboration_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            at INTEGER NOT NULL,
            subtask TEXT NULL,
            data TEXT NULL,
            PRIMARY KEY (collaboration_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS collaborations (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL,
            submitted_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            finished_at INTEGER NULL,
            total INTEGER NOT NULL,
            succeeded INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS collaborations_status ON collaborations (status, id);
        """;

    readonly string _readConnectionString;
    readonly SqliteConnection _writer;
    readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writerLoop;

    public SqliteCollaborationEventStore(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _writer.Open();
        Execute(_writer, "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;");
        Execute(_writer, Schema);
        _writerLoop = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    Action<IReadOnlyList<CollaborationEvent>>? _committed;

    public void OnCommitted(Action<IReadOnlyList<CollaborationEvent>> listener) => _committed = listener;

    public Task AppendAsync(IReadOnlyList<CollaborationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new PendingAppend(events);
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(pending), this);

        return pending.Completion.Task;
    }

    public async Task<IReadOnlyList<CollaborationEvent>> ReadAsync(string collaborationId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, type, at, subtask, data FROM events WHERE collaboration_id = $id AND seq > $after ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$id", collaborationId);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
        var events = new List<CollaborationEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            JsonElement? data = reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone();
            events.Add(new CollaborationEvent(collaborationId, reader.GetInt64(0), reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.IsDBNull(3) ? null : reader.GetString(3), data));
        }

        return events;
    }

    public async Task<CollaborationSummary?> FindAsync(string collaborationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SummaryColumns} WHERE id = $id";
        command.Parameters.AddWithValue("$id", collaborationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    public async Task<CollaborationPage> ListAsync(CollaborationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 500);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Status is { } status)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", StatusName(status));
        }

        if (!string.IsNullOrEmpty(query.SubmittedBy))
        {
            where.Add("submitted_by = $by");
            command.Parameters.AddWithValue("$by", query.SubmittedBy);
        }

        if (!string.IsNullOrEmpty(query.Before))
        {
            // Ids are time-ordered, so the last id of a page is the cursor of the next.
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", query.Before);
        }

        command.CommandText = $"{SummaryColumns} {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<CollaborationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadSummary(reader));
        }

        var page = items.Take(limit).ToList();
        return new CollaborationPage(page, items.Count > limit ? page[^1].Id : null);
    }

    public async Task<IReadOnlyDictionary<CollaborationStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM collaborations GROUP BY status";
        var counts = Enum.GetValues<CollaborationStatus>().ToDictionary(status => status, _ => 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[ParseStatus(reader.GetString(0))] = reader.GetInt32(1);
        }

        return counts;
    }

    public async Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM collaborations WHERE status = $running ORDER BY id";
        command.Parameters.AddWithValue("$running", StatusName(CollaborationStatus.Running));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    const string SummaryColumns = "SELECT id, title, status, priority, submitted_by, created_at, finished_at, total, succeeded, failed FROM collaborations";

    static CollaborationSummary ReadSummary(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), ParseStatus(reader.GetString(2)), reader.GetInt32(3), reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));

    internal static string StatusName(CollaborationStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    internal static CollaborationStatus ParseStatus(string name) =>
        Enum.GetValues<CollaborationStatus>().First(status => StatusName(status) == name);

    async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    async Task WriteLoopAsync()
    {
        using var insert = _writer.CreateCommand();
        insert.CommandText = "INSERT INTO events (collaboration_id, seq, type, at, subtask, data) VALUES ($id, $seq, $type, $at, $subtask, $data)";
        var pId = insert.Parameters.Add("$id", SqliteType.Text);
        var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var pType = insert.Parameters.Add("$type", SqliteType.Text);
        var pAt = insert.Parameters.Add("$at", SqliteType.Integer);
        var pSubtask = insert.Parameters.Add("$subtask", SqliteType.Text);
        var pData = insert.Parameters.Add("$data", SqliteType.Text);
        var batch = new List<PendingAppend>();
        var committed = new List<CollaborationEvent>();
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            committed.Clear();
            var count = 0;
            while (count < MaxBatchEvents && _appends.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                count += pending.Events.Count;
            }

            try
            {
                using var transaction = _writer.BeginTransaction(deferred: false);
                insert.Transaction = transaction;
                foreach (var pending in batch)
                {
                    foreach (var e in pending.Events)
                    {
                        pId.Value = e.CollaborationId;
                        pSeq.Value = e.Sequence;
                        pType.Value = e.Type;
                        pAt.Value = e.At.ToUnixTimeMilliseconds();
                        pSubtask.Value = (object?)e.Subtask ?? DBNull.Value;
                        pData.Value = e.Data is { } data ? data.GetRawText() : DBNull.Value;
                        insert.ExecuteNonQuery();
                        UpdateSummary(transaction, e);
                        committed.Add(e);
                    }
                }

                transaction.Commit();
            }
#pragma warning disable CA1031 // A failed batch fails its callers; the loop goes on for later appends.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var failure = ex is SqliteException { SqliteErrorCode: 19 }
                    ? new LightningException(ErrorKind.Conflict, "collaboration.event_conflict", "An event with this sequence number is already recorded.", ex)
                    : ex;
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(failure);
                }

                continue;
            }

            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult();
            }

            _committed?.Invoke(committed.ToArray());
        }
    }

    void UpdateSummary(SqliteTransaction transaction, CollaborationEvent e)
    {
        switch (e.Type)
        {
            case CollaborationEventTypes.Submitted when e.Data is { } data:
                Run(transaction, "INSERT OR IGNORE INTO collaborations (id, title, status, priority, submitted_by, created_at, total) VALUES ($id, $title, $status, $priority, $by, $at, $total)",
                    ("$id", e.CollaborationId), ("$title", data.GetProperty("title").GetString()), ("$status", StatusName(CollaborationStatus.Running)),
                    ("$priority", data.GetProperty("priority").GetInt32()), ("$by", data.GetProperty("submittedBy").GetString()),
                    ("$at", e.At.ToUnixTimeMilliseconds()), ("$total", data.GetProperty("total").GetInt32()));
                break;
            case CollaborationEventTypes.SubtaskSucceeded:
                Run(transaction, "UPDATE collaborations SET succeeded = succeeded + 1 WHERE id = $id", ("$id", e.CollaborationId));
                break;
            case CollaborationEventTypes.SubtaskFailed when e.Data is { } data && data.TryGetProperty("final", out var final) && final.GetBoolean():
                Run(transaction, "UPDATE collaborations SET failed = failed + 1 WHERE id = $id", ("$id", e.CollaborationId));
                break;
            case CollaborationEventTypes.Finished when e.Data is { } data:
                Run(transaction, "UPDATE collaborations SET status = $status, finished_at = $at WHERE id = $id",
                    ("$id", e.CollaborationId), ("$status", data.GetProperty("status").GetString()), ("$at", e.At.ToUnixTimeMilliseconds()));
                break;
        }
    }

    void Run(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    sealed class PendingAppend(IReadOnlyList<CollaborationEvent> events)
    {
        public IReadOnlyList<CollaborationEvent> Events { get; } = events;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
