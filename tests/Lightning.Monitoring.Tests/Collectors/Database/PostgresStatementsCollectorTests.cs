using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Database;
using Lightning.TestUtilities;
using Npgsql;

namespace Lightning.Monitoring.Tests.Collectors.Database;

/// <summary>pg_stat_statements of the real PostgreSQL of scripts/services/postgres.sh (fails, not skips, when CI=true and it is missing).</summary>
public sealed class PostgresStatementsCollectorTests
{
    [Fact]
    public async Task Calls_time_and_rows_between_two_reads_are_reported_per_normalised_statement()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestServices.CreatePostgresDatabaseAsync(cancellationToken);
        var table = "profiled_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            try
            {
                await Execute(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) FROM pg_stat_statements", cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException(
                    "pg_stat_statements is not loaded in the test PostgreSQL: restart it with scripts/services/postgres.sh stop && start " +
                    "(the script sets shared_preload_libraries). " + ex.MessageText, ex);
            }

            await Execute(connection, $"CREATE TABLE {table} (id int primary key, v int); INSERT INTO {table} SELECT g, g % 10 FROM generate_series(1, 100) g", cancellationToken);
        }

        var logger = new ListLogger<PostgresStatementsCollector>();
        var collector = new PostgresStatementsCollector(CollectorTestOptions.Create(o =>
            o.Postgres.Servers.Add(new PostgresServer { Name = "test-pg", ConnectionString = database.ConnectionString })), logger);
        (await collector.CollectAsync()).Of("postgresql_statements").ShouldBeEmpty("the first read sets the baseline");

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            for (var i = 0; i < 7; i++)
                await Execute(connection, $"SELECT count(*) FROM {table} WHERE v = {i}", cancellationToken);
        }

        var rows = await collector.CollectAsync();

        var ours = rows.Of("postgresql_statements").Where(r => r.Series.Tag("query")!.Contains(table, StringComparison.Ordinal)
            && r.Series.Tag("query")!.StartsWith("SELECT count(*)", StringComparison.Ordinal)).ToList();
        ours.Select(r => r.Series).Distinct().Count().ShouldBe(1, "the seven literals are one normalised statement");
        var series = ours[0].Series;
        series.Tag("server").ShouldBe("test-pg");
        series.Tag("database").ShouldBe(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database);
        series.Tag("query").ShouldBe($"SELECT count(*) FROM {table} WHERE v = $1");
        ours.Single(r => r.Field == "calls").Value.AsInteger().ShouldBe(7);
        ours.Single(r => r.Field == "rows").Value.AsInteger().ShouldBe(7);
        ours.Single(r => r.Field == "total_time_ms").Value.AsDouble().ShouldBeGreaterThan(0);
        logger.Entries.ShouldBeEmpty();

        // Nothing ran in between: the third read reports nothing for our statement.
        (await collector.CollectAsync()).Of("postgresql_statements").ShouldNotContain(r => r.Series.Tag("query")!.Contains(table, StringComparison.Ordinal) && r.Series.Tag("query")!.StartsWith("SELECT count(*)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_logged_by_name_without_its_password()
    {
        var logger = new ListLogger<PostgresStatementsCollector>();
        var collector = new PostgresStatementsCollector(CollectorTestOptions.Create(o => o.Postgres.Servers.Add(new PostgresServer
        {
            Name = "gone",
            ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=hunter2-secret;Timeout=2",
        })), logger);

        (await collector.CollectAsync()).ShouldBeEmpty();

        var entry = logger.Entries.Single();
        entry.EventId.ShouldBe(6206);
        entry.Message.ShouldContain("gone");
        entry.Message.ShouldNotContain("hunter2-secret");
    }

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
