using Lightning.Core.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// Publish claims in a SQLite file (table <c>publish_claims</c>), for a server whose platform state is SQLite: claims
/// survive a restart, and processes on this machine that open the same file share them. WAL with
/// <c>synchronous=NORMAL</c>: a claim survives a crash of the process; a power cut can forget the last claims, which can only
/// let a retry publish again (a duplicate, never a loss), and it saves two fsyncs per publish. One connection per
/// instance, one statement per step; other processes wait for the file lock up to 5 s.
/// </summary>
public sealed class SqlitePublishDeduplicator : DatabasePublishDeduplicator
{
    const string Takeable = "((NOT c.published AND c.at < $stale) OR c.at < $expired)";

    const string ClaimSql = $"""
        INSERT INTO publish_claims AS c (key, token, published, at) VALUES ($key, $token, 0, $now)
        ON CONFLICT (key) DO UPDATE SET
            token = CASE WHEN {Takeable} THEN excluded.token ELSE c.token END,
            published = CASE WHEN {Takeable} THEN 0 ELSE c.published END,
            at = CASE WHEN {Takeable} THEN excluded.at ELSE c.at END
        RETURNING token = $token, published
        """;

    readonly SqliteConnection _connection;
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly string _file;

    /// <param name="file">The database file; created, with its directory, when missing.</param>
    /// <param name="window">How long a published key stays a duplicate.</param>
    /// <param name="claimTimeout">After this a pending claim may be taken over; <see cref="DatabasePublishDeduplicator.DefaultClaimTimeout"/> when null.</param>
    public SqlitePublishDeduplicator(string file, TimeSpan window, TimeSpan? claimTimeout = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(window, claimTimeout ?? DefaultClaimTimeout, timeProvider ?? TimeProvider.System, logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        _file = Path.GetFullPath(file);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = _file,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 5,
            }.ToString());
            _connection.Open();
            using var command = _connection.CreateCommand();
            command.CommandText = """
                PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE IF NOT EXISTS publish_claims (
                    key TEXT PRIMARY KEY,
                    token INTEGER NOT NULL,
                    published INTEGER NOT NULL,
                    at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS publish_claims_at ON publish_claims (at);
                """;
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }
    }

    protected override Task<ClaimState> ClaimOnceAsync(string key, long token, CancellationToken cancellationToken) =>
        RunAsync(async (command, ct) =>
        {
            var now = Time.GetUtcNow();
            command.CommandText = ClaimSql;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$token", token);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$stale", (now - ClaimTimeout).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$expired", (now - Window).ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return reader.GetBoolean(0) ? ClaimState.Claimed : reader.GetBoolean(1) ? ClaimState.Published : ClaimState.Pending;
        }, cancellationToken);

    protected override Task ConfirmCoreAsync(string key, CancellationToken cancellationToken) =>
        RunAsync((command, ct) =>
        {
            command.CommandText = "UPDATE publish_claims SET published = 1, at = $now WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$now", Time.GetUtcNow().ToUnixTimeMilliseconds());
            return command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override Task ReleaseCoreAsync(string key, long token, CancellationToken cancellationToken) =>
        RunAsync((command, ct) =>
        {
            command.CommandText = "DELETE FROM publish_claims WHERE key = $key AND token = $token AND NOT published";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$token", token);
            return command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override Task<int> DeleteExpiredAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync((command, ct) =>
        {
            command.CommandText = "DELETE FROM publish_claims WHERE key IN (SELECT key FROM publish_claims WHERE at < $expired ORDER BY at LIMIT $limit)";
            command.Parameters.AddWithValue("$expired", (Time.GetUtcNow() - Window).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            return command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override async ValueTask DisposeCoreAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <summary>Runs one statement on the instance's connection (SQLite has one writer at a time anyway).</summary>
    async Task<T> RunAsync<T>(Func<SqliteCommand, CancellationToken, Task<T>> statement, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            return await statement(command, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Unavailable(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    LightningException Unavailable(Exception ex) => new(ErrorKind.Unavailable, "bus.dedupe_unavailable",
        $"Cannot use the publish deduplication file {_file}: {ex.GetBaseException().Message}", ex);
}
