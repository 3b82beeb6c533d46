using Lightning.Cli.Commands;
using Lightning.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Lightning.Cli.Tests.Commands;

/// <summary>Where a <c>lightning worker</c> keeps its RabbitMQ publish claims: the server's PostgreSQL when told, else its workspace.</summary>
public sealed class WorkerClaimsStoreTests
{
    [Fact]
    public void ClaimsStore_EnvironmentNamesPostgres_SharesTheServersDatabase()
    {
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Lightning:Database:Provider"] = "Postgres",
            ["Lightning:Database:ConnectionString"] = "Host=db;Database=lightning",
        }).Build();

        var store = WorkerCommand.ClaimsStore(environment, "/srv/worker-1");

        store.Database.Provider.ShouldBe(DatabaseProvider.Postgres);
        store.Database.ConnectionString.ShouldBe("Host=db;Database=lightning");
    }

    [Fact]
    public void ClaimsStore_NoDatabaseConfigured_IsSqliteInTheWorkspace()
    {
        var store = WorkerCommand.ClaimsStore(new ConfigurationBuilder().Build(), "/srv/worker-1");

        store.Database.Provider.ShouldBe(DatabaseProvider.Sqlite);
        store.DataPath("bus").ShouldBe("/srv/worker-1/bus");
    }
}
