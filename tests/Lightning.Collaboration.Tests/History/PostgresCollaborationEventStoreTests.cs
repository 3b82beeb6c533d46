using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Core.Errors;
using Lightning.TestUtilities;
using Npgsql;

namespace Lightning.Collaboration.Tests.History;

/// <summary>The conformance cases on the real PostgreSQL server (scripts/services/postgres.sh), each in a fresh schema.</summary>
public sealed class PostgresCollaborationEventStoreTests : CollaborationEventStoreTests
{
    string _connectionString = string.Empty;
    string _schema = string.Empty;

    protected override ICollaborationEventStore Open() => new PostgresCollaborationEventStore(_connectionString, _schema);

    protected override ValueTask InitializeStorageAsync()
    {
        _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        // Named after the schema so a test can find (and kill) this test's own sessions and nobody else's.
        _connectionString = new NpgsqlConnectionStringBuilder(TestServices.Postgres()) { ApplicationName = _schema }.ConnectionString;
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask DisposeStorageAsync()
    {
        if (_connectionString.Length > 0)
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
    }

    async Task<List<string>> QueryAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task FirstUse_CreatesTheTablesInTheConfiguredSchemaAndKeepsDataAsText()
    {
        (await QueryAsync("SELECT 1 FROM pg_namespace WHERE nspname = $1", _schema)).ShouldBeEmpty("nothing is created before first use");

        await Store.AppendAsync([Submitted("c")]);

        (await QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", _schema))
            .ShouldBe(["collaboration_events", "collaborations"]);
        (await QueryAsync("SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'collaboration_events' AND column_name = 'data'", _schema))
            .ShouldBe(["text"]);
        (await QueryAsync($"SELECT data FROM \"{_schema}\".collaboration_events"))
            .ShouldBe([Submitted("c").Data!.Value.GetRawText()]);
    }

    [Fact]
    public async Task FirstUse_ManyStoresAtOnceOnOneSchema_AllSucceed()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(store => store.UnfinishedAsync(Token)));
            await Task.WhenAll(stores.Select((store, i) => store.AppendAsync([Submitted($"c{i}")])));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        (await Store.UnfinishedAsync(Token)).Count.ShouldBe(8);
    }

    [Fact]
    public async Task Unreachable_FailsWithOneClearMessageNamingTheHostAndNoPassword()
    {
        await using var store = new PostgresCollaborationEventStore("Host=127.0.0.1;Port=1;Username=x;Password=secret-password;Database=logs;Timeout=3");

        var read = await Should.ThrowAsync<LightningException>(() => store.UnfinishedAsync(Token));
        var append = await Should.ThrowAsync<LightningException>(() => store.AppendAsync([Submitted("c")]));

        foreach (var error in new[] { read, append })
        {
            error.Kind.ShouldBe(ErrorKind.Unavailable);
            error.Code.ShouldBe("collaboration.store_unavailable");
            error.Message.ShouldStartWith("Cannot use the PostgreSQL database of the collaboration log at 127.0.0.1:1/logs:");
            error.Message.ShouldNotContain("secret-password");
        }
    }

    [Fact]
    public async Task WrongPassword_FailsAsUnavailableWithoutThePassword()
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Password = "not-the-password" };
        await using var store = new PostgresCollaborationEventStore(builder.ConnectionString, _schema);

        var error = await Should.ThrowAsync<LightningException>(() => store.FindAsync("c", Token));

        error.Code.ShouldBe("collaboration.store_unavailable");
        error.Message.ShouldContain($"{builder.Host}:{builder.Port}/{builder.Database}");
        error.Message.ShouldNotContain("not-the-password");
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("x\"; DROP TABLE y; --")]
    [InlineData("1abc")]
    public void Constructor_InvalidSchemaName_IsRejected(string schema)
    {
        var error = Should.Throw<LightningException>(() => new PostgresCollaborationEventStore(_connectionString, schema));

        error.Code.ShouldBe("collaboration.store_schema_invalid");
    }

    [Fact]
    public void Constructor_InvalidConnectionString_DoesNotEchoIt()
    {
        var error = Should.Throw<LightningException>(() => new PostgresCollaborationEventStore("Host=h;Password=secret-password;Bogus Key=1"));

        error.Code.ShouldBe("collaboration.store_connection_string_invalid");
        error.Message.ShouldNotContain("secret-password");
    }

    [Fact]
    public async Task Append_WhenTheServerDropsTheWriter_FailsThatBatchAndRecoversOnTheNext()
    {
        await Store.AppendAsync([Submitted("c")]);
        // Kill this test's other sessions, as a server restart would: the writer's connection goes with them.
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = '{_schema}'");

        var outcome = await Record.ExceptionAsync(() => Store.AppendAsync([Event("c", 2, CollaborationEventTypes.Message)]));
        if (outcome is not null)
        {
            outcome.ShouldBeOfType<LightningException>().Code.ShouldBe("collaboration.store_unavailable");
            await Store.AppendAsync([Event("c", 2, CollaborationEventTypes.Message)]);
        }

        await Store.AppendAsync([Event("c", 3, CollaborationEventTypes.Message)]);
        (await Store.ReadAsync("c", 0, 10, Token)).Select(e => e.Sequence).ShouldBe([1L, 2L, 3L]);
    }
}
