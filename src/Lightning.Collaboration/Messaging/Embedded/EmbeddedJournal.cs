using System.Collections.Concurrent;
using System.Globalization;
using Lightning.Core.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// The SQLite side of the embedded bus. Only the writer loop touches it, so one connection and cached, prepared
/// commands serve every operation; all times are UTC ticks.
/// </summary>
/// <remarks>
/// <c>messages</c> keeps every id ever published (the body is dropped once no entry needs it), so a re-published id is
/// recognised even after it was acknowledged. A body of <see cref="EmbeddedBodyStore.MinimumBytes"/> or more is kept in
/// a segment file of <see cref="EmbeddedBodyStore"/> instead, the row holding only where it is. <c>entries</c> holds one
/// row per destination copy: state 0 ready, 1 leased, 2 dead. <c>agents</c> lists every agent that ever subscribed, for broadcast fan-out.
/// </remarks>
internal sealed class EmbeddedJournal : IDisposable
{
    const string Schema = """
        CREATE TABLE IF NOT EXISTS messages (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            body BLOB,
            published_at INTEGER NOT NULL,
            body_segment INTEGER,
            body_offset INTEGER,
            body_length INTEGER,
            body_hash INTEGER);
        CREATE TABLE IF NOT EXISTS entries (
            qid INTEGER PRIMARY KEY,
            msg INTEGER NOT NULL,
            queue TEXT NOT NULL,
            priority INTEGER NOT NULL,
            available_at INTEGER NOT NULL,
            reply_by INTEGER,
            state INTEGER NOT NULL,
            deliveries INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_consumer INTEGER,
            lease_token INTEGER,
            lease_until INTEGER,
            history TEXT NOT NULL DEFAULT '[]',
            reason TEXT,
            dead_at INTEGER);
        CREATE INDEX IF NOT EXISTS ix_entries_ready ON entries(queue, priority DESC, qid) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS ix_entries_leased ON entries(lease_until) WHERE state = 1;
        CREATE INDEX IF NOT EXISTS ix_entries_reply_by ON entries(reply_by) WHERE state = 0 AND reply_by IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_entries_dead ON entries(dead_at DESC, qid DESC) WHERE state = 2;
        CREATE INDEX IF NOT EXISTS ix_entries_msg ON entries(msg);
        CREATE TABLE IF NOT EXISTS agents (
            name TEXT PRIMARY KEY,
            first_seen INTEGER NOT NULL) WITHOUT ROWID;
        """;

    // Appends one DeliveryAttempt (camelCase, as the serializer reads it) to the row's history; SET expressions see the
    // row's values from before the update.
    const string AppendHistory =
        "history = json_insert(history, '$[#]', json_object('attempt', deliveries - 1, 'at', $at, 'consumer', coalesce(lease_owner, ''), 'outcome', $outcome, 'reason', $reason))";

    const string ReleaseLeases = $"""
        UPDATE entries SET
            {AppendHistory},
            state = CASE WHEN deliveries >= $max THEN 2 ELSE 0 END,
            reason = CASE WHEN deliveries >= $max THEN 'delivery limit reached (' || $max || '): ' || $reason ELSE NULL END,
            dead_at = CASE WHEN deliveries >= $max THEN $now ELSE NULL END,
            available_at = $now, lease_consumer = NULL, lease_token = NULL, lease_until = NULL
        """;

    /// <summary>Rows checked at open for a body lost to a power cut: more than one batch can publish.</summary>
    const int TornCheckRows = 2 * EmbeddedMessageBus.MaxBatch;

    readonly SqliteConnection _connection;
    readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    readonly FileStream _ownership;
    readonly EmbeddedCheckpointer _checkpointer;
    readonly EmbeddedBodyStore _bodies;
    // Messages acknowledged or purged in the current batch, whose bodies may be dropped at its commit.
    readonly List<long> _settled = [];
    readonly SafeFileHandle _log;
    readonly BlockingCollection<TaskCompletionSource> _flushes = [];
    readonly Thread? _flusher;
    SqliteTransaction? _transaction;
    long _commits;

    public EmbeddedJournal(string file, ILogger logger)
    {
        // One process owns the journal: recovery treats every lease it finds as abandoned, which is only true when no
        // other bus has the file open. A lock file held with FileShare.None (flock on Unix) says so, and the OS drops it
        // when the process dies, even by kill -9. SQLite's own exclusive locking mode would say it too, but it keeps
        // every other connection out, and the checkpointer needs one.
        _ownership = Own(file);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The bus owns the file for its lifetime; no pool keeps it open after dispose.
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        try
        {
            _connection.Open();
            Run("PRAGMA busy_timeout=1000;");
            using (var mode = _connection.CreateCommand())
            {
                // The writer's durability is an fsync of the log file: without a log (a file system that cannot share
                // memory maps keeps SQLite in rollback mode) there would be nothing to fsync.
                mode.CommandText = "PRAGMA journal_mode=WAL;";
                mode.CommandTimeout = 1;
                if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new LightningException(ErrorKind.Unavailable, "bus.journal_failed",
                        $"The message journal {file} cannot use SQLite's write-ahead log on this file system; put the data directory on a local disk.");
                }
            }

            // NORMAL: a commit writes the log without waiting for the disk; the writer loop puts it on disk itself
            // (Commit: an fsync of the log file, on a thread of its own) before any caller of that batch completes, and runs the
            // next batch meanwhile. A commit is as durable as with FULL once its flush returns; a power cut before that loses
            // only batches whose callers were never told they were done (SQLite's log checksums drop a torn tail).
            Run("PRAGMA synchronous=NORMAL;");
            Run("PRAGMA temp_store=MEMORY;");
            // The writer never checkpoints on its own: EmbeddedCheckpointer copies the log on another connection, and
            // asks the writer only for the last few frames. The file is cut back to 64 MiB whenever the log starts over.
            Run("PRAGMA wal_autocheckpoint=0;");
            Run("PRAGMA journal_size_limit=67108864;");
            Run(Schema);
            AddBodyColumns();
            // The log file exists while a connection is open; the handle only ever fsyncs it.
            _log = File.OpenHandle(file + "-wal", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            FlushLog = () => RandomAccess.FlushToDisk(_log);
            _flusher = new Thread(RunFlusher) { IsBackground = true, Name = "lightning-bus-flush" };
            _flusher.Start();
            _bodies = new EmbeddedBodyStore(file, ReferencedSegments());
            _checkpointer = new EmbeddedCheckpointer(file, () => Interlocked.Read(ref _commits), logger);
            DiscardTornBodies(logger);
        }
        catch
        {
            _checkpointer?.Dispose();
            _bodies?.Dispose();
            _flushes.CompleteAdding();
            _flusher?.Join();
            _flushes.Dispose();
            _log?.Dispose();
            _connection.Dispose();
            _ownership.Dispose();
            throw;
        }
    }

    /// <summary>Journals created before bodies moved to segments lack the columns that say where a body is.</summary>
    void AddBodyColumns()
    {
        using var columns = _connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'body_segment';";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            Run("""
                ALTER TABLE messages ADD COLUMN body_segment INTEGER; ALTER TABLE messages ADD COLUMN body_offset INTEGER;
                ALTER TABLE messages ADD COLUMN body_length INTEGER; ALTER TABLE messages ADD COLUMN body_hash INTEGER;
                """);
        }
    }

    /// <summary>
    /// A power cut between the SQLite commit and the segment flush running beside it can leave rows of the last batch
    /// whose body never reached the disk (see <see cref="EmbeddedBodyStore"/>). Their publishes never returned, so the
    /// rows are removed as if never written (a retry of the same id is then accepted). Only the newest rows can be such:
    /// the writer commits a batch only after the previous one's flush finished, and a batch holds at most
    /// <see cref="TornCheckRows"/> publishes.
    /// </summary>
    void DiscardTornBodies(ILogger logger)
    {
        using var find = _connection.CreateCommand();
        find.CommandText = $"""
            SELECT seq, body_segment, body_offset, body_length, body_hash FROM messages
            WHERE body_segment IS NOT NULL ORDER BY seq DESC LIMIT {TornCheckRows};
            """;
        var torn = new List<(long Seq, long Segment)>();
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!_bodies.Holds(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4)))
                {
                    torn.Add((reader.GetInt64(0), reader.GetInt64(1)));
                }
            }
        }

        if (torn.Count == 0)
        {
            return;
        }

        Begin();
        var seqs = JsonList(torn.ConvertAll(row => row.Seq));
        foreach (var sql in new[]
        {
            "DELETE FROM entries WHERE msg IN (SELECT value FROM json_each($seqs));",
            "DELETE FROM messages WHERE seq IN (SELECT value FROM json_each($seqs));",
        })
        {
            var delete = Command(sql);
            Bind(delete, "$seqs", seqs);
            delete.ExecuteNonQuery();
        }

        foreach (var (_, segment) in torn)
        {
            _bodies.Release(segment);
        }

        Commit(durable: true).GetAwaiter().GetResult();
        Flushed();
        EmbeddedLog.TornBodiesDiscarded(logger, torn.Count);
    }

    /// <summary>How many stored messages have their body in each segment (a scan of <c>messages</c>, once at open).</summary>
    Dictionary<long, long> ReferencedSegments()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT body_segment, COUNT(*) FROM messages WHERE body_segment IS NOT NULL GROUP BY body_segment;";
        var referenced = new Dictionary<long, long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            referenced[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return referenced;
    }

    static FileStream Own(string file)
    {
        try
        {
            return new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new LightningException(ErrorKind.Unavailable, "bus.journal_in_use",
                $"The message journal {file} is in use by another bus; only one process can open it.", ex);
        }
    }

    Exception? _broken;

    /// <summary>Starts the batch transaction.</summary>
    public void Begin()
    {
        if (_broken is not null)
        {
            throw new LightningException(ErrorKind.Unavailable, "bus.journal_failed",
                "The message journal could not put its log or message bodies on disk; restart the bus.", _broken);
        }

        _transaction = _connection.BeginTransaction(deferred: false);
    }

    /// <summary>
    /// Commits the batch (the log is written, not yet on disk) and, when <paramref name="durable"/>, starts putting it
    /// on disk on a pool thread: its bodies' segments and the log file. Tell no caller the batch is done before the
    /// returned task completes; call <see cref="Flushed"/> or <see cref="FlushFailed"/> when it has.
    /// </summary>
    public Task Commit(bool durable)
    {
        DropSettledBodies();
        // The bodies' fsync starts before SQLite's commit writes the log, so the two overlap (DiscardTornBodies handles
        // a power cut that keeps the rows and loses their bodies).
        var bodies = durable ? _bodies.StartFlush() : Task.CompletedTask;
        try
        {
            _transaction?.Commit();
        }
        catch
        {
            Wait(bodies);
            throw;
        }

        _transaction?.Dispose();
        _transaction = null;
        // The rows are committed: their references count. A segment they emptied is deleted once this is on disk.
        _bodies.Committed(synced: false);
        Interlocked.Increment(ref _commits);
        if (_checkpointer.TakeFinishRequest())
        {
            // The checkpointer copied all but the last few frames: copy them here, between batches, so the next
            // commit can start the log over instead of growing it. The batch is committed already: a checkpoint that
            // fails must not look like a failed batch.
            try
            {
                Run("PRAGMA wal_checkpoint(PASSIVE);");
            }
            catch (SqliteException)
            {
                _checkpointer.RequestFinish();
            }
        }

        if (!durable)
        {
            return bodies;
        }

        var log = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushes.Add(log);
        return bodies.IsCompleted ? log.Task : Task.WhenAll(bodies, log.Task);
    }

    /// <summary>
    /// Runs the log's fsyncs on a thread of its own: on the thread pool a flush could queue behind the very continuations
    /// it is about to release.
    /// </summary>
    void RunFlusher()
    {
        foreach (var flush in _flushes.GetConsumingEnumerable())
        {
            try
            {
                FlushLog();
                flush.TrySetResult();
            }
            catch (Exception ex)
            {
                flush.TrySetException(ex);
            }
        }
    }

    /// <summary>Puts the log file on disk (an fsync); tests replace it to hold or fail a flush.</summary>
    internal Action FlushLog { get; set; }

    /// <summary>Every batch committed so far is on disk: segments they emptied can go.</summary>
    public void Flushed() => _bodies.Durable();

    /// <summary>
    /// A flush failed: committed rows may never reach the disk, and after a failed fsync nothing says they ever will, so
    /// the journal takes no more work (the open after a restart checks the newest bodies by hash).
    /// </summary>
    public void FlushFailed(Exception exception) => _broken ??= exception;

    /// <summary>Waits for a flush whose batch failed anyway; its own failure would add nothing.</summary>
    static void Wait(Task flushing)
    {
        try
        {
            flushing.GetAwaiter().GetResult();
        }
        catch (IOException)
        {
        }
    }

    public void Rollback()
    {
        _settled.Clear();
        _bodies.RolledBack();
        try
        {
            _transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back on the error that brought us here.
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
        }
    }

    public void Register(string agent, long now)
    {
        var command = Command("INSERT INTO agents(name, first_seen) VALUES ($name, $now) ON CONFLICT(name) DO NOTHING;");
        Bind(command, "$name", agent);
        Bind(command, "$now", now);
        command.ExecuteNonQuery();
    }

    /// <summary>Stores the message and its destination rows; false when the id was seen before.</summary>
    public bool Publish(CollaborationMessage message, byte[] body, long now)
    {
        var insert = Command("""
            INSERT INTO messages(id, body, published_at, body_segment, body_offset, body_length, body_hash)
            VALUES ($id, $body, $now, $segment, $offset, $length, $hash)
            ON CONFLICT(id) DO NOTHING RETURNING seq;
            """);
        Bind(insert, "$id", message.Id);
        Bind(insert, "$now", now);
        long? segment = null;
        if (body.Length >= EmbeddedBodyStore.MinimumBytes)
        {
            // Written before we know whether the id is new: a duplicate's bytes are simply never referenced.
            var (id, offset, hash) = _bodies.Append(body);
            segment = id;
            Bind(insert, "$body", null);
            Bind(insert, "$segment", id);
            Bind(insert, "$offset", offset);
            Bind(insert, "$length", body.Length);
            Bind(insert, "$hash", hash);
        }
        else
        {
            Bind(insert, "$body", body);
            Bind(insert, "$segment", null);
            Bind(insert, "$offset", null);
            Bind(insert, "$length", null);
            Bind(insert, "$hash", null);
        }

        if (insert.ExecuteScalar() is not long seq)
        {
            return false;
        }

        if (segment is { } stored)
        {
            _bodies.Retain(stored);
        }

        var receiver = message.Receiver;
        var route = receiver.Kind == AddressKind.Broadcast
            ? Command("""
                INSERT INTO entries(msg, queue, priority, available_at, reply_by, state)
                SELECT $msg, 'agent:' || name, $priority, $now, $replyBy, 0 FROM agents;
                """)
            : Command("INSERT INTO entries(msg, queue, priority, available_at, reply_by, state) VALUES ($msg, $queue, $priority, $now, $replyBy, 0);");
        Bind(route, "$msg", seq);
        if (receiver.Kind != AddressKind.Broadcast)
        {
            Bind(route, "$queue", receiver.ToString());
        }

        Bind(route, "$priority", message.Priority);
        Bind(route, "$now", now);
        Bind(route, "$replyBy", message.ReplyBy?.UtcTicks);
        if (route.ExecuteNonQuery() == 0)
        {
            // A broadcast before any agent subscribed goes nowhere: keep the id (for deduplication), not the body, which
            // would otherwise stay for good (and keep a whole segment file alive).
            _settled.Add(seq);
        }

        return true;
    }

    /// <summary>Returns expired leases to ready (or dead, at the delivery limit) and dead-letters messages past their reply-by.</summary>
    public int Sweep(long now, int maxDeliveries)
    {
        var changed = ReleaseWhere("state = 1 AND lease_until <= $now", now, maxDeliveries, "lease timed out", null);
        var expire = Command($"""
            UPDATE entries SET
                history = json_insert(history, '$[#]', json_object('attempt', deliveries, 'at', $at, 'consumer', coalesce(lease_owner, ''), 'outcome', 'expired', 'reason', 'reply-by passed')),
                state = 2, reason = 'expired', dead_at = $now
            WHERE state = 0 AND reply_by IS NOT NULL AND reply_by <= $now;
            """);
        Bind(expire, "$now", now);
        Bind(expire, "$at", Format(now));
        return changed + expire.ExecuteNonQuery();
    }

    /// <summary>Undoes a lease whose entry was never handed to the application: not counted as a delivery.</summary>
    public int Unlease(long qid, long token)
    {
        var command = Command("""
            UPDATE entries SET state = 0, deliveries = deliveries - 1, lease_owner = NULL, lease_consumer = NULL,
                lease_token = NULL, lease_until = NULL
            WHERE qid = $qid AND state = 1 AND lease_token = $token;
            """);
        Bind(command, "$qid", qid);
        Bind(command, "$token", token);
        return command.ExecuteNonQuery();
    }

    /// <summary>Every lease a previous process held is over: its consumer is gone.</summary>
    public int RecoverLeases(long now, int maxDeliveries) =>
        ReleaseWhere("state = 1", now, maxDeliveries, "the bus restarted before it was settled", null);

    public int ReleaseConsumer(long consumer, long now, int maxDeliveries) =>
        ReleaseWhere("state = 1 AND lease_consumer = $consumer", now, maxDeliveries, "the consumer closed before it was settled", consumer);

    int ReleaseWhere(string where, long now, int maxDeliveries, string reason, long? consumer)
    {
        var command = Command($"{ReleaseLeases} WHERE {where};");
        Bind(command, "$now", now);
        Bind(command, "$at", Format(now));
        Bind(command, "$max", maxDeliveries);
        Bind(command, "$outcome", "lease-expired");
        Bind(command, "$reason", reason);
        if (consumer is { } id)
        {
            Bind(command, "$consumer", id);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Leases up to <paramref name="count"/> of the best ready entries of the queues (highest priority, then oldest), all
    /// under one lease token: a settlement names its entry and token, and each lease turn takes a fresh token.
    /// </summary>
    public List<LeasedEntry> Lease(IReadOnlyList<string> queues, string owner, long consumer, long token, long now, long until, int count)
    {
        var pick = Command("SELECT qid, priority FROM entries WHERE queue = $queue AND state = 0 AND available_at <= $now ORDER BY priority DESC, qid LIMIT $count;");
        var candidates = new List<(long Id, long Priority)>();
        foreach (var queue in queues)
        {
            Bind(pick, "$queue", queue);
            Bind(pick, "$now", now);
            Bind(pick, "$count", count);
            using var reader = pick.ExecuteReader();
            while (reader.Read())
            {
                candidates.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        if (queues.Count > 1)
        {
            candidates.Sort((a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
        }

        var chosen = candidates.Count > count ? candidates.GetRange(0, count) : candidates;
        var lease = Command("""
            UPDATE entries SET state = 1, deliveries = deliveries + 1, lease_owner = $owner, lease_consumer = $consumer,
                lease_token = $token, lease_until = $until
            WHERE qid IN (SELECT value FROM json_each($ids))
            RETURNING qid, deliveries, history, (SELECT body FROM messages WHERE seq = entries.msg),
                (SELECT body_segment FROM messages WHERE seq = entries.msg), (SELECT body_offset FROM messages WHERE seq = entries.msg),
                (SELECT body_length FROM messages WHERE seq = entries.msg);
            """);
        Bind(lease, "$owner", owner);
        Bind(lease, "$consumer", consumer);
        Bind(lease, "$token", token);
        Bind(lease, "$until", until);
        Bind(lease, "$ids", "[" + string.Join(',', chosen.Select(candidate => candidate.Id.ToString(CultureInfo.InvariantCulture))) + "]");
        var leased = new Dictionary<long, LeasedEntry>(chosen.Count);
        using (var rows = lease.ExecuteReader())
        {
            while (rows.Read())
            {
                var id = rows.GetInt64(0);
                leased[id] = new LeasedEntry(id, token, rows.GetInt32(1), rows.GetString(2), ReadBody(rows, 3));
            }
        }

        // RETURNING comes in no set order: hand the entries out best first.
        return chosen.ConvertAll(candidate => leased[candidate.Id]);
    }

    /// <summary>When something in these queues may next become deliverable: a delayed retry or any lease running out.</summary>
    public long? NextWake(IReadOnlyList<string> queues)
    {
        long? wake = null;
        var available = Command("SELECT MIN(available_at) FROM entries WHERE queue = $queue AND state = 0;");
        foreach (var queue in queues)
        {
            Bind(available, "$queue", queue);
            if (available.ExecuteScalar() is long at && (wake is null || at < wake))
            {
                wake = at;
            }
        }

        var leases = Command("SELECT MIN(lease_until) FROM entries WHERE state = 1;");
        return leases.ExecuteScalar() is long until && (wake is null || until < wake) ? until : wake;
    }

    /// <summary>False when the lease is no longer this delivery's (it expired and went back to the queue).</summary>
    public bool Ack(long qid, long token)
    {
        var delete = Command("DELETE FROM entries WHERE qid = $qid AND state = 1 AND lease_token = $token RETURNING msg;");
        Bind(delete, "$qid", qid);
        Bind(delete, "$token", token);
        if (delete.ExecuteScalar() is not long msg)
        {
            return false;
        }

        _settled.Add(msg);
        return true;
    }

    public bool Nack(long qid, long token, string reason, long now, int maxDeliveries, Func<int, TimeSpan> retryDelay)
    {
        var find = Command("SELECT deliveries FROM entries WHERE qid = $qid AND state = 1 AND lease_token = $token;");
        Bind(find, "$qid", qid);
        Bind(find, "$token", token);
        if (find.ExecuteScalar() is not long deliveries)
        {
            return false;
        }

        if (deliveries >= maxDeliveries)
        {
            return Kill(qid, token, "nack", reason, string.Create(CultureInfo.InvariantCulture, $"delivery limit reached ({maxDeliveries}): {reason}"), now);
        }

        var retry = Command($"""
            UPDATE entries SET {AppendHistory}, state = 0, available_at = $availableAt,
                lease_consumer = NULL, lease_token = NULL, lease_until = NULL
            WHERE qid = $qid AND lease_token = $token;
            """);
        Bind(retry, "$at", Format(now));
        Bind(retry, "$outcome", "nack");
        Bind(retry, "$reason", reason);
        Bind(retry, "$availableAt", now + retryDelay((int)deliveries).Ticks);
        Bind(retry, "$qid", qid);
        Bind(retry, "$token", token);
        return retry.ExecuteNonQuery() > 0;
    }

    public bool Reject(long qid, long token, string reason, long now) => Kill(qid, token, "reject", reason, reason, now);

    bool Kill(long qid, long token, string outcome, string reason, string deadReason, long now)
    {
        var kill = Command($"""
            UPDATE entries SET {AppendHistory}, state = 2, reason = $deadReason, dead_at = $now,
                lease_consumer = NULL, lease_token = NULL, lease_until = NULL
            WHERE qid = $qid AND state = 1 AND lease_token = $token;
            """);
        Bind(kill, "$at", Format(now));
        Bind(kill, "$outcome", outcome);
        Bind(kill, "$reason", reason);
        Bind(kill, "$deadReason", deadReason);
        Bind(kill, "$now", now);
        Bind(kill, "$qid", qid);
        Bind(kill, "$token", token);
        return kill.ExecuteNonQuery() > 0;
    }

    public List<DeadEntry> DeadLetters(string? messageId, int limit)
    {
        var command = Command(messageId is null
            ? """
                SELECT e.deliveries, e.history, e.reason, e.dead_at, m.body, m.body_segment, m.body_offset, m.body_length
                FROM entries e JOIN messages m ON m.seq = e.msg
                WHERE e.state = 2 ORDER BY e.dead_at DESC, e.qid DESC LIMIT $limit;
                """
            : """
                SELECT e.deliveries, e.history, e.reason, e.dead_at, m.body, m.body_segment, m.body_offset, m.body_length
                FROM entries e JOIN messages m ON m.seq = e.msg
                WHERE m.id = $id AND e.state = 2 ORDER BY e.dead_at DESC, e.qid DESC LIMIT $limit;
                """);
        if (messageId is not null)
        {
            Bind(command, "$id", messageId);
        }

        Bind(command, "$limit", limit);
        var result = new List<DeadEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new DeadEntry(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
                reader.GetInt64(3), ReadBody(reader, 4)));
        }

        return result;
    }

    /// <summary>Puts every dead copy of the message back on its queue as a fresh delivery; reply-by no longer applies.</summary>
    public int Redrive(string messageId, long now)
    {
        var command = Command("""
            UPDATE entries SET state = 0, deliveries = 0, available_at = $now, reply_by = NULL, reason = NULL, dead_at = NULL
            WHERE state = 2 AND msg = (SELECT seq FROM messages WHERE id = $id);
            """);
        Bind(command, "$now", now);
        Bind(command, "$id", messageId);
        return command.ExecuteNonQuery();
    }

    public int Purge(string? messageId)
    {
        if (messageId is null)
        {
            var all = Command("DELETE FROM entries WHERE state = 2;").ExecuteNonQuery();
            DropBodies(Command("""
                SELECT seq, body_segment FROM messages
                WHERE (body IS NOT NULL OR body_segment IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM entries WHERE msg = messages.seq);
                """));
            return all;
        }

        var seqCommand = Command("SELECT seq FROM messages WHERE id = $id;");
        Bind(seqCommand, "$id", messageId);
        if (seqCommand.ExecuteScalar() is not long seq)
        {
            return 0;
        }

        var one = Command("DELETE FROM entries WHERE state = 2 AND msg = $msg;");
        Bind(one, "$msg", seq);
        var count = one.ExecuteNonQuery();
        _settled.Add(seq);
        return count;
    }

    /// <summary>
    /// Forgets up to <paramref name="limit"/> settled messages published before <paramref name="before"/>: their ids stop
    /// counting as duplicates. Oldest first; the scan starts at the lowest seq, where the old rows are.
    /// </summary>
    public int PruneSettled(long before, int limit)
    {
        var prune = Command("""
            DELETE FROM messages WHERE seq IN (
                SELECT seq FROM messages
                WHERE published_at < $before AND body IS NULL AND body_segment IS NULL AND NOT EXISTS (SELECT 1 FROM entries WHERE msg = messages.seq)
                ORDER BY seq LIMIT $limit);
            """);
        Bind(prune, "$before", before);
        Bind(prune, "$limit", limit);
        return prune.ExecuteNonQuery();
    }

    /// <summary>Counts rows per state, for tests and diagnostics.</summary>
    public (long Ready, long Leased, long Dead, long Messages) Counts()
    {
        var command = Command("""
            SELECT (SELECT COUNT(*) FROM entries WHERE state = 0), (SELECT COUNT(*) FROM entries WHERE state = 1),
                   (SELECT COUNT(*) FROM entries WHERE state = 2), (SELECT COUNT(*) FROM messages);
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Drops the bodies of this batch's settled messages that no copy needs any more, in one statement.</summary>
    void DropSettledBodies()
    {
        if (_settled.Count == 0)
        {
            return;
        }

        var find = Command("""
            SELECT seq, body_segment FROM messages
            WHERE seq IN (SELECT value FROM json_each($seqs)) AND (body IS NOT NULL OR body_segment IS NOT NULL)
                AND NOT EXISTS (SELECT 1 FROM entries WHERE msg = messages.seq);
            """);
        Bind(find, "$seqs", JsonList(_settled));
        _settled.Clear();
        DropBodies(find);
    }

    /// <summary>
    /// Drops the bodies of the messages <paramref name="find"/> selects (seq, body_segment), inline or in a segment. The
    /// segments are read first because RETURNING would see the cleared values.
    /// </summary>
    void DropBodies(SqliteCommand find)
    {
        var dropped = new List<long>();
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                dropped.Add(reader.GetInt64(0));
                if (!reader.IsDBNull(1))
                {
                    _bodies.Release(reader.GetInt64(1));
                }
            }
        }

        if (dropped.Count == 0)
        {
            return;
        }

        var drop = Command("""
            UPDATE messages SET body = NULL, body_segment = NULL, body_offset = NULL, body_length = NULL, body_hash = NULL
            WHERE seq IN (SELECT value FROM json_each($seqs));
            """);
        Bind(drop, "$seqs", JsonList(dropped));
        drop.ExecuteNonQuery();
    }

    static string JsonList(List<long> values) => "[" + string.Join(',', values.Select(value => value.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The body in columns body, body_segment, body_offset, body_length, the first at <paramref name="first"/>.</summary>
    byte[] ReadBody(SqliteDataReader row, int first) => row.IsDBNull(first + 1)
        ? (byte[])row.GetValue(first)
        : _bodies.Read(row.GetInt64(first + 1), row.GetInt64(first + 2), row.GetInt32(first + 3));

    public void Dispose()
    {
        Rollback();
        _checkpointer.Dispose();
        _flushes.CompleteAdding();
        _flusher?.Join();
        _flushes.Dispose();
        _bodies.Dispose();
        _log.Dispose();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
        _ownership.Dispose();
    }

    void Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        // Microsoft.Data.Sqlite retries a busy statement for the whole command timeout (30 s); at open, a journal held by
        // another bus should be reported at once.
        command.CommandTimeout = 1;
        command.ExecuteNonQuery();
    }

    SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of this class; values go in as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        return command;
    }

    static void Bind(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }

    static string Format(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>A ready entry just leased: its row, lease token, deliveries so far (this one included), history and body.</summary>
internal sealed record LeasedEntry(long Id, long Token, int Deliveries, string History, byte[] Body);

internal sealed record DeadEntry(int Deliveries, string History, string Reason, long DeadAt, byte[] Body);
