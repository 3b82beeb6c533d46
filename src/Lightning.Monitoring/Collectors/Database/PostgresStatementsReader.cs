using Npgsql;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>One row of pg_stat_statements: cumulative since the server's statistics were last reset.</summary>
public sealed record PostgresStatement(long QueryId, long UserId, long DatabaseId, string Database, string Query, long Calls, double TotalTimeMs, long Rows);

/// <summary>Reads pg_stat_statements of one server (PostgreSQL 13+ column names, falling back to total_time before 13).</summary>
public static class PostgresStatementsReader
{
    const string Query13 = """
        SELECT s.queryid, s.userid::bigint, s.dbid::bigint, coalesce(d.datname, ''), coalesce(s.query, ''), s.calls, s.total_exec_time, s.rows
        FROM pg_stat_statements s LEFT JOIN pg_database d ON d.oid = s.dbid
        WHERE s.queryid IS NOT NULL
        """;

    public static async Task<IReadOnlyList<PostgresStatement>> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            return await ReadAsync(connection, Query13, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            return await ReadAsync(connection, Query13.Replace("s.total_exec_time", "s.total_time", StringComparison.Ordinal), cancellationToken);
        }
    }

    static async Task<IReadOnlyList<PostgresStatement>> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 30 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PostgresStatement>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PostgresStatement(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetDouble(6), reader.GetInt64(7)));
        }

        return rows;
    }
}
