using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;
using Lightning.Core.Storage;
using Npgsql;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// Publish claims in PostgreSQL (<c>{schema}.rabbitmq_publish_claims</c>, created on first use), shared by the server and
/// every <c>lightning worker</c> of a distributed platform. Ages are measured with the database's clock
/// (<c>clock_timestamp()</c>), so publishers on machines whose clocks differ still agree when a claim is stale or expired.
/// Every step is one parameterised statement.
/// </summary>
public sealed class PostgresPublishDeduplicator : DatabasePublishDeduplicator
{
    public const string DefaultSchema = "lightning";

    readonly NpgsqlDataSource _dataSource;
    readonly string _schema;
    readonly string _table;
    readonly string _location;
    readonly string _claim;
    readonly PostgresSchema _schemaSetup;

    /// <param name="connectionString">An Npgsql connection string; it is never logged or put in a message.</param>
    /// <param name="window">How long a published key stays a duplicate.</param>
    /// <param name="claimTimeout">After this a pending claim may be taken over; <see cref="DatabasePublishDeduplicator.DefaultClaimTimeout"/> when null.</param>
    /// <param name="schema">The schema of the table: a plain lower-case identifier, created when missing.</param>
    public PostgresPublishDeduplicator(string connectionString, TimeSpan window, TimeSpan? claimTimeout = null, TimeProvider? timeProvider = null,
        ILogger? logger = null, string schema = DefaultSchema)
        : base(window, claimTimeout ?? DefaultClaimTimeout, timeProvider ?? TimeProvider.System, logger)
    {
        (_dataSource, _location) = PostgresModuleDatabase.Open(connectionString, schema, "bus.dedupe", "the publish deduplication");
        _schema = schema;
        _table = $"\"{schema}\".rabbitmq_publish_claims";
        _schemaSetup = new PostgresSchema(_dataSource, schema, "lightning.publish-claims", $"""
                CREATE TABLE IF NOT EXISTS {_table} (
                    key text COLLATE "C" PRIMARY KEY,
                    token bigint NOT NULL,
                    published boolean NOT NULL,
                    at timestamptz NOT NULL);
                CREATE INDEX IF NOT EXISTS rabbitmq_publish_claims_at ON {_table} (at);
            """);

        // Always one row back: the new claim, the taken-over one, or the existing one unchanged (rewriting an unchanged row
        // costs a dead tuple, but only on the rare duplicate, and saves a second round trip to read its state).
        const string takeable = "((NOT c.published AND c.at < clock_timestamp() - $3) OR c.at < clock_timestamp() - $4)";
        _claim = $"""
            INSERT INTO {_table} AS c (key, token, published, at) VALUES ($1, $2, false, clock_timestamp())
            ON CONFLICT (key) DO UPDATE SET
                token = CASE WHEN {takeable} THEN EXCLUDED.token ELSE c.token END,
                published = CASE WHEN {takeable} THEN false ELSE c.published END,
                at = CASE WHEN {takeable} THEN EXCLUDED.at ELSE c.at END
            RETURNING c.token = $2, c.published
            """;
    }

    protected override Task<ClaimState> ClaimOnceAsync(string key, long token, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_claim, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = token });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = ClaimTimeout });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = Window });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return reader.GetBoolean(0) ? ClaimState.Claimed : reader.GetBoolean(1) ? ClaimState.Published : ClaimState.Pending;
        }, cancellationToken);

    protected override Task ConfirmCoreAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"UPDATE {_table} SET published = true, at = clock_timestamp() WHERE key = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override Task ReleaseCoreAsync(string key, long token, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE key = $1 AND token = $2 AND NOT published", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = token });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override Task<int> DeleteExpiredAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            // SKIP LOCKED: two processes purging at once split the rows instead of waiting for each other; the row lock
            // re-checks the age, so a claim taken over meanwhile is not deleted.
            await using var command = new NpgsqlCommand(
                $"DELETE FROM {_table} WHERE key IN (SELECT key FROM {_table} WHERE at < clock_timestamp() - $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)",
                connection);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = Window });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    protected override async ValueTask DisposeCoreAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaSetup.Dispose();
    }

    async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> statement, CancellationToken cancellationToken)
    {
        try
        {
            await _schemaSetup.EnsureAsync(cancellationToken);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await statement(connection, cancellationToken);
        }
        catch (Exception ex) when (PostgresSchema.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new LightningException(ErrorKind.Unavailable, "bus.dedupe_unavailable",
                $"Cannot use the PostgreSQL database of the publish deduplication at {_location}: {ex.GetBaseException().Message}", ex);
        }
    }

}
