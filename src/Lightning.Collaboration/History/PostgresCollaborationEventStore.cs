using System.Text.Json;
using System.Threading.Channels;
using Lightning.Collaboration.Execution;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lightning.Collaboration.History;

/// <summary>
/// The event log in PostgreSQL, for servers whose platform state is there, with the same group commit as
/// <see cref="SqliteCollaborationEventStore"/>: one writer takes every append waiting (up to 8,192 events), COPYs them
/// in one transaction with the summary rows they change, and completes all callers after the commit.
/// Event data is kept as the exact JSON text it was appended with (<c>text</c>, not <c>jsonb</c>, which would reorder
/// keys and normalise numbers), so replay reads back byte-identical outputs. Tables live in their own schema
/// (<c>lightning</c> by default) and are created on first use.
/// </summary>
public sealed class PostgresCollaborationEventStore : ICollaborationEventStore
{
    public const string DefaultSchema = "lightning";

    const int MaxBatchEvents = 8192;

    readonly NpgsqlDataSource _dataSource;
    readonly string _schemaName;
    readonly string _location;
    readonly string _events;
    readonly string _collaborations;
    readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writerLoop;
    readonly PostgresSchema _schemaSetup;
    NpgsqlConnection? _writer;
    Action<IReadOnlyList<CollaborationEvent>>? _committed;

    /// <param name="connectionString">An Npgsql connection string; it is never logged or put in a message.</param>
    /// <param name="schema">The schema of the tables: a plain lower-case identifier, created when missing.</param>
    public PostgresCollaborationEventStore(string connectionString, string schema = DefaultSchema)
    {
        (_dataSource, _location) = PostgresModuleDatabase.Open(connectionString, schema, "collaboration.store", "the collaboration log");
        _schemaName = schema;
        _events = $"\"{schema}\".collaboration_events";
        _collaborations = $"\"{schema}\".collaborations";
        // Ids compare in byte order (COLLATE "C"), as in SQLite: paging by id must not depend on the server's locale.
        _schemaSetup = new PostgresSchema(_dataSource, schema, "lightning.collaboration-events", $"""
                CREATE TABLE IF NOT EXISTS {_events} (
                    collaboration_id text COLLATE "C" NOT NULL,
                    seq bigint NOT NULL,
                    type text NOT NULL,
                    at bigint NOT NULL,
                    subtask text NULL,
                    data text NULL,
                    PRIMARY KEY (collaboration_id, seq));
                CREATE TABLE IF NOT EXISTS {_collaborations} (
                    id text COLLATE "C" PRIMARY KEY,
                    title text NOT NULL,
                    status text NOT NULL,
                    priority integer NOT NULL,
                    submitted_by text NOT NULL,
                    created_at bigint NOT NULL,
                    finished_at bigint NULL,
                    total integer NOT NULL,
                    succeeded integer NOT NULL DEFAULT 0,
                    failed integer NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS collaborations_status ON {_collaborations} (status, id);
            """);
        _writerLoop = Task.Run(WriteLoopAsync);
    }

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

    public Task<IReadOnlyList<CollaborationEvent>> ReadAsync(string collaborationId, long after, int limit, CancellationToken cancellationToken) =>
        QueryAsync<IReadOnlyList<CollaborationEvent>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT seq, type, at, subtask, data FROM {_events} WHERE collaboration_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collaborationId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(1, limit) });
            var events = new List<CollaborationEvent>();
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                JsonElement? data = reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone();
                events.Add(new CollaborationEvent(collaborationId, reader.GetInt64(0), reader.GetString(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.IsDBNull(3) ? null : reader.GetString(3), data));
            }

            return events;
        }, cancellationToken);

    public Task<CollaborationSummary?> FindAsync(string collaborationId, CancellationToken cancellationToken) =>
        QueryAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"{SummaryColumns} WHERE id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collaborationId });
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadSummary(reader) : null;
        }, cancellationToken);

    public Task<CollaborationPage> ListAsync(CollaborationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 500);
        return QueryAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var where = new List<string>();
            if (query.Status is { } status)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SqliteCollaborationEventStore.StatusName(status) });
                where.Add($"status = ${command.Parameters.Count}");
            }

            if (!string.IsNullOrEmpty(query.SubmittedBy))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.SubmittedBy });
                where.Add($"submitted_by = ${command.Parameters.Count}");
            }

            if (!string.IsNullOrEmpty(query.Before))
            {
                // Ids are time-ordered, so the last id of a page is the cursor of the next.
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.Before });
                where.Add($"id < ${command.Parameters.Count}");
            }

            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
            command.CommandText = $"{SummaryColumns} {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY id DESC LIMIT ${command.Parameters.Count}";
            var items = new List<CollaborationSummary>();
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                items.Add(ReadSummary(reader));
            }

            var page = items.Take(limit).ToList();
            return new CollaborationPage(page, items.Count > limit ? page[^1].Id : null);
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<CollaborationStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) =>
        QueryAsync<IReadOnlyDictionary<CollaborationStatus, int>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT status, COUNT(*)::integer FROM {_collaborations} GROUP BY status", connection);
            var counts = Enum.GetValues<CollaborationStatus>().ToDictionary(status => status, _ => 0);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                counts[SqliteCollaborationEventStore.ParseStatus(reader.GetString(0))] = reader.GetInt32(1);
            }

            return counts;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken) =>
        QueryAsync<IReadOnlyList<string>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT id FROM {_collaborations} WHERE status = $1 ORDER BY id", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SqliteCollaborationEventStore.StatusName(CollaborationStatus.Running) });
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        _schemaSetup.Dispose();
    }

    string SummaryColumns => $"SELECT id, title, status, priority, submitted_by, created_at, finished_at, total, succeeded, failed FROM {_collaborations}";

    static CollaborationSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), SqliteCollaborationEventStore.ParseStatus(reader.GetString(2)), reader.GetInt32(3), reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));

    /// <summary>Runs a read on a pooled connection; readers never wait for the writer.</summary>
    async Task<T> QueryAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        try
        {
            await _schemaSetup.EnsureAsync(cancellationToken);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await query(connection, cancellationToken);
        }
        catch (Exception ex) when (PostgresSchema.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex);
        }
    }

    LightningException Unavailable(Exception ex) => new(ErrorKind.Unavailable, "collaboration.store_unavailable",
        $"Cannot use the PostgreSQL database of the collaboration log at {_location}: {ex.GetBaseException().Message}", ex);

    async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatchEvents && _appends.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                count += pending.Events.Count;
            }

            CollaborationEvent[] committed;
            try
            {
                committed = await CommitAsync(batch, count);
            }
#pragma warning disable CA1031 // A failed batch fails its callers; the loop goes on for later appends.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await DropWriterAsync();
                var failure = ex switch
                {
                    PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => new LightningException(ErrorKind.Conflict, "collaboration.event_conflict",
                        "An event with this sequence number is already recorded.", ex),
                    _ when PostgresSchema.IsUnavailable(ex) => Unavailable(ex),
                    _ => ex,
                };
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

            _committed?.Invoke(committed);
        }
    }

    async Task<CollaborationEvent[]> CommitAsync(List<PendingAppend> batch, int count)
    {
        var events = new CollaborationEvent[count];
        var i = 0;
        foreach (var pending in batch)
        {
            foreach (var e in pending.Events)
            {
                events[i++] = e;
            }
        }

        // Read from the event data before touching the database: an event it cannot summarise fails the batch.
        await using var summary = SummaryBatch(events);
        await _schemaSetup.EnsureAsync(CancellationToken.None);
        _writer ??= await _dataSource.OpenConnectionAsync();
        await using var transaction = await _writer.BeginTransactionAsync();
        await using (var import = await _writer.BeginBinaryImportAsync(
            $"COPY {_events} (collaboration_id, seq, type, at, subtask, data) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in events)
            {
                await import.StartRowAsync();
                await import.WriteAsync(e.CollaborationId, NpgsqlDbType.Text);
                await import.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
                await import.WriteAsync(e.Type, NpgsqlDbType.Text);
                await import.WriteAsync(e.At.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                await WriteNullableAsync(import, e.Subtask);
                await WriteNullableAsync(import, e.Data?.GetRawText());
            }

            await import.CompleteAsync();
        }

        if (summary is not null)
        {
            summary.Connection = _writer;
            summary.Transaction = transaction;
            await summary.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return events;
    }

    static Task WriteNullableAsync(NpgsqlBinaryImporter import, string? value) =>
        value is null ? import.WriteNullAsync() : import.WriteAsync(value, NpgsqlDbType.Text);

    /// <summary>After a failed batch the next one starts on a fresh connection: the old one may be broken or mid-COPY.</summary>
    async Task DropWriterAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync();
        }
    }

    /// <summary>
    /// The summary changes of the events, in their order, as one round trip. Counter updates of a collaboration are
    /// merged into one statement as long as no <c>submitted</c> of it comes between (an update before the row exists
    /// changes nothing, as in SQLite); counters and the final status touch different columns, so merging keeps the result.
    /// </summary>
    NpgsqlBatch? SummaryBatch(CollaborationEvent[] events)
    {
        var commands = new List<NpgsqlBatchCommand>();
        var counters = new Dictionary<string, (NpgsqlParameter<int> Succeeded, NpgsqlParameter<int> Failed)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e.Type)
            {
                case CollaborationEventTypes.Submitted when e.Data is { } data:
                    commands.Add(Command(
                        $"INSERT INTO {_collaborations} (id, title, status, priority, submitted_by, created_at, total) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
                        new NpgsqlParameter<string> { TypedValue = e.CollaborationId },
                        new NpgsqlParameter<string?> { TypedValue = data.GetProperty("title").GetString() },
                        new NpgsqlParameter<string> { TypedValue = SqliteCollaborationEventStore.StatusName(CollaborationStatus.Running) },
                        new NpgsqlParameter<int> { TypedValue = data.GetProperty("priority").GetInt32() },
                        new NpgsqlParameter<string?> { TypedValue = data.GetProperty("submittedBy").GetString() },
                        new NpgsqlParameter<long> { TypedValue = e.At.ToUnixTimeMilliseconds() },
                        new NpgsqlParameter<int> { TypedValue = data.GetProperty("total").GetInt32() }));
                    counters.Remove(e.CollaborationId);
                    break;
                case CollaborationEventTypes.SubtaskSucceeded:
                    Counters(e.CollaborationId).Succeeded.TypedValue++;
                    break;
                case CollaborationEventTypes.SubtaskFailed when e.Data is { } data && data.TryGetProperty("final", out var final) && final.GetBoolean():
                    Counters(e.CollaborationId).Failed.TypedValue++;
                    break;
                case CollaborationEventTypes.Finished when e.Data is { } data:
                    commands.Add(Command($"UPDATE {_collaborations} SET status = $2, finished_at = $3 WHERE id = $1",
                        new NpgsqlParameter<string> { TypedValue = e.CollaborationId },
                        new NpgsqlParameter<string?> { TypedValue = data.GetProperty("status").GetString() },
                        new NpgsqlParameter<long> { TypedValue = e.At.ToUnixTimeMilliseconds() }));
                    break;
            }
        }

        if (commands.Count == 0)
        {
            return null;
        }

        var batch = new NpgsqlBatch();
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;

        (NpgsqlParameter<int> Succeeded, NpgsqlParameter<int> Failed) Counters(string id)
        {
            if (!counters.TryGetValue(id, out var parameters))
            {
                parameters = (new NpgsqlParameter<int> { TypedValue = 0 }, new NpgsqlParameter<int> { TypedValue = 0 });
                counters[id] = parameters;
                commands.Add(Command($"UPDATE {_collaborations} SET succeeded = succeeded + $2, failed = failed + $3 WHERE id = $1",
                    new NpgsqlParameter<string> { TypedValue = id }, parameters.Succeeded, parameters.Failed));
            }

            return parameters;
        }
    }

    static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    sealed class PendingAppend(IReadOnlyList<CollaborationEvent> events)
    {
        public IReadOnlyList<CollaborationEvent> Events { get; } = events;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
