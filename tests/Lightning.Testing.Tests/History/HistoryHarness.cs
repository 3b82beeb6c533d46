using System.Text;
using Lightning.Agents;
using Lightning.Core.Storage;
using Lightning.Core.Workspaces;
using Lightning.Git;
using Lightning.Git.Persistence;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.Testing.Runners;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Testing.Tests.History;

/// <summary>
/// The testing module as the server composes it (agents, git, testing), on its own data directory with SQLite or a
/// fresh PostgreSQL database, a fake clock, and a runner of the test's choosing.
/// </summary>
internal sealed class HistoryHarness : IAsyncDisposable
{
    /// <summary>A passing two-test report: the fast test_add and the slow test_sub.</summary>
    public const string PassingReport = """
        <testsuites><testsuite name="pytest" tests="2">
          <testcase classname="test_calc" name="test_add" file="test_calc.py" time="0.010"/>
          <testcase classname="test_calc" name="test_sub" file="test_calc.py" time="0.250"/>
        </testsuite></testsuites>
        """;

    /// <summary>test_add fails with a message; test_sub passes.</summary>
    public const string FailingReport = """
        <testsuites><testsuite name="pytest" tests="2">
          <testcase classname="test_calc" name="test_add" file="test_calc.py" time="0.020"><failure message="assert 3 == 4">trace</failure></testcase>
          <testcase classname="test_calc" name="test_sub" file="test_calc.py" time="0.150"/>
        </testsuite></testsuites>
        """;

    readonly TempDirectory _temp = new();
    readonly PostgresDatabase? _postgres;

    HistoryHarness(ITestRunner? runner, Action<TestRunOptions>? configure, PostgresDatabase? postgres, bool realRunner, Action<IServiceCollection>? extra)
    {
        _postgres = postgres;
        Workspace = new Workspace(_temp.Combine("workspace"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Clock);
        services.AddOptions<LightningOptions>().Configure(options =>
        {
            options.DataDirectory = _temp.Combine("data");
            if (postgres is not null)
            {
                options.Database = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = postgres.ConnectionString };
            }
        });
        services.AddLightningAgents();
        services.AddLightningGit();
        services.AddLightningTesting();
        services.AddLightningTestingTools();
        if (!realRunner)
        {
            // Imports and reads need no runner; the replay double stands in where a test gives none.
            services.AddSingleton(runner ?? new ReplayTestRunner(_ => PassingReport));
        }

        services.Configure<TestRunOptions>(options =>
        {
            options.WorkspaceRoot = Workspace.Root;
            configure?.Invoke(options);
        });
        extra?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    /// <param name="realRunner">The module's own <see cref="Runners.TestRunner"/>, running the real tools.</param>
    /// <param name="services">More registrations, made after the module's (observers, replacements).</param>
    public static async Task<HistoryHarness> CreateAsync(
        ITestRunner? runner = null, Action<TestRunOptions>? configure = null, bool postgres = false, bool realRunner = false,
        Action<IServiceCollection>? services = null)
    {
        var database = postgres ? await TestServices.CreatePostgresDatabaseAsync(TestContext.Current.CancellationToken) : null;
        var harness = new HistoryHarness(runner, configure, database, realRunner, services);
        await DatabaseSetup.MigrateAsync(harness.Services.GetRequiredService<IDbContextFactory<TestingDbContext>>(), TestContext.Current.CancellationToken);
        await DatabaseSetup.MigrateAsync(harness.Services.GetRequiredService<IDbContextFactory<GitDbContext>>(), TestContext.Current.CancellationToken);
        return harness;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public ServiceProvider Services { get; }

    public Workspace Workspace { get; }

    public TestRunService Runs => Services.GetRequiredService<TestRunService>();

    public TestHistoryStore Store => Services.GetRequiredService<TestHistoryStore>();

    /// <summary>A pytest project (what detection needs to find one) at <paramref name="path"/> in the workspace.</summary>
    public TestTarget PytestProject(string path = "shop")
    {
        var directory = Path.Combine(Workspace.Root, path);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), "def test_add():\n    assert 1 + 1 == 2\n");
        return new TestTarget(Workspace, path, path);
    }

    public Task<TestRunView> ImportAsync(string report, string repository = "shop", string source = "results.xml", string? commit = null) =>
        Runs.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(report)), source, new TestRunImport(repository) { CommitSha = commit, RequestedBy = "ci" },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
