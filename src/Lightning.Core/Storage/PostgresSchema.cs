using System.Net.Sockets;
using Npgsql;

namespace Lightning.Core.Storage;

/// <summary>
/// A module's own PostgreSQL schema and tables (the collaboration log, the bus's publish claims), created once per
/// process on first use. Several processes starting at once (a server and its workers, parallel tests) take an advisory
/// lock first, so they wait for each other instead of racing on the catalog.
/// </summary>
/// <param name="schema">The schema's name, created when missing.</param>
/// <param name="lockName">A name unique to the module, for the advisory lock.</param>
/// <param name="tables">The <c>CREATE TABLE IF NOT EXISTS</c> / <c>CREATE INDEX IF NOT EXISTS</c> statements.</param>
public sealed class PostgresSchema(NpgsqlDataSource dataSource, string schema, string lockName, string tables) : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    volatile bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1)::bigint)", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lockName + ":" + schema });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            bool schemaExists;
            await using (var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
                schemaExists = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            // Creating a schema needs CREATE on the database even when it exists, so only a missing one is created.
            var ddl = (schemaExists ? string.Empty : $"CREATE SCHEMA \"{schema}\";\n") + tables;
            await using (var command = new NpgsqlCommand(ddl, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The server is unreachable, refused the login, or went away: not a bug of ours.</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("28", StringComparison.Ordinal) // invalid authorization
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutting down
            || pg.SqlState == PostgresErrorCodes.InvalidCatalogName // database does not exist
            || pg.SqlState == PostgresErrorCodes.InsufficientPrivilege,
        NpgsqlException or SocketException or TimeoutException => true,
        _ => false,
    };
}
