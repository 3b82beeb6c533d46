using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Optimization;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Optimization;

/// <summary>
/// <c>Lightning:Testing:Retries</c> applied to runs that give no retries: each project is retried by its framework's
/// setting (real pytest and go test), a run's own retries win, and bad settings stop the start.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class RetryPolicyRunTests : IAsyncDisposable
{
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_NoRetriesGiven_RetriesEachProjectByItsFrameworksSetting()
    {
        var harness = await HarnessAsync(null, realRunner: true, retries: policy => policy.Frameworks["pytest"] = 2);
        var target = FlakyMonorepo(harness);

        var started = await harness.Runs.StartAsync(new TestRunStart(target) { Timeout = TimeSpan.FromMinutes(5) }, Token);
        await harness.Runs.WaitAsync(started.Id, Token);
        var details = await harness.Store.GetAsync(started.Id, null, Token);

        started.Retries.ShouldBe(2);
        details!.Projects.Select(p => p.Framework).Order().ShouldBe(["go-test", "pytest"]);
        var python = details.Results.Single(r => r.Name == "test_flaky");
        (python.Outcome, python.Attempts).ShouldBe((TestOutcome.Flaky, 2));
        var go = details.Results.Single(r => r.Name == "TestFlaky");
        (go.Outcome, go.Attempts).ShouldBe((TestOutcome.Failed, 1));
        details.Run.Status.ShouldBe(TestRunStatus.Failed);
    }

    [Fact]
    public async Task StartAsync_RetriesGivenOrFrameworkNamed_TheRunsOwnNumberOrThatFrameworksSettingApplies()
    {
        var runner = new ReplayTestRunner(_ => HistoryHarness.PassingReport);
        var harness = await HarnessAsync(runner, retries: policy =>
        {
            policy.Default = 1;
            policy.Frameworks["pytest"] = 3;
            policy.Frameworks["go"] = 0;
        });
        var target = harness.PytestProject();

        var unset = await harness.Runs.StartAsync(new TestRunStart(target), Token);
        await harness.Runs.WaitAsync(unset.Id, Token);
        var given = await harness.Runs.StartAsync(new TestRunStart(target) { Retries = 0 }, Token);
        await harness.Runs.WaitAsync(given.Id, Token);
        var named = await harness.Runs.StartAsync(new TestRunStart(target) { Framework = "pytest" }, Token);
        await harness.Runs.WaitAsync(named.Id, Token);

        (unset.Retries, given.Retries, named.Retries).ShouldBe((3, 0, 3));
        var requests = runner.Requests.ToList();
        requests[0].Retries.ShouldBe(1);
        requests[0].FrameworkRetries.OrderBy(p => p.Key).ShouldBe([new("go-test", 0), new KeyValuePair<string, int>("pytest", 3)]);
        requests[0].RetriesFor(Lightning.Testing.Detection.TestFramework.GoTest).ShouldBe(0);
        requests[0].RetriesFor(Lightning.Testing.Detection.TestFramework.Jest).ShouldBe(1);
        // Why, for the note a project that retries gets; a run that asked for its retries needs none.
        requests[0].RetryReason.ShouldBe("the default (1); go-test's setting (0); pytest's setting (3)");
        requests[1].RetryReason.ShouldBeNull();
        (requests[1].Retries, requests[1].FrameworkRetries.Count).ShouldBe((0, 0));
        requests[2].FrameworkRetries.ShouldBe([new KeyValuePair<string, int>("pytest", 3)]);
        requests[2].RetriesFor(Lightning.Testing.Detection.TestFramework.Pytest).ShouldBe(3);
    }

    [Fact]
    public async Task PlanAsync_KnownFlakyTests_RaiseEveryFrameworksSetting()
    {
        var harness = await HarnessAsync(new ReplayTestRunner(_ => HistoryHarness.PassingReport), retries: policy =>
        {
            policy.Frameworks["jest"] = 1;
            policy.Frameworks["go-test"] = 4;
            policy.KnownFlaky = 2;
        });
        var store = harness.Services.GetRequiredService<FlakyTestStore>();
        var policy = harness.Services.GetRequiredService<RetryPolicy>();
        var before = await policy.PlanAsync("shop", null, Token);

        await store.SaveAsync([new FlakyVerdict("shop", "test_calc::test_add", FlakyStatus.Flaky, 0.9, FlakyKind.Random, 5, 2, [])], Token);
        var after = await policy.PlanAsync("shop", null, Token);

        (before.Default, before.Frameworks["jest"], before.Max).ShouldBe((0, 1, 4));
        (after.Default, after.Frameworks["jest"], after.Frameworks["go-test"]).ShouldBe((2, 2, 4));
        after.Reason.ShouldStartWith("1 known flaky test(s) (2)");
    }

    [Fact]
    public void StartupValidation_UnknownFrameworkOrRetriesOutOfRange_FailsNamingTheSetting()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["Lightning:Testing:Retries:Frameworks:pytest"] = "2",
            ["Lightning:Testing:Retries:Frameworks:nosuch"] = "1",
            ["Lightning:Testing:Retries:Frameworks:jest"] = "11",
        });

        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        error.Failures.Count().ShouldBe(2);
        error.Failures.ShouldContain(f => f.Contains("Frameworks:nosuch", StringComparison.Ordinal) && f.Contains("Unknown test framework", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.Contains("Frameworks:jest must be between 0 and 10 (it is 11)", StringComparison.Ordinal));
    }

    [Fact]
    public void StartupValidation_KnownFrameworksAndAliases_Pass()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["Lightning:Testing:Retries:Default"] = "1",
            ["Lightning:Testing:Retries:Frameworks:go"] = "2",
            ["Lightning:Testing:Retries:Frameworks:jest"] = "10",
        });

        services.GetRequiredService<IStartupValidator>().Validate();

        services.GetRequiredService<IOptions<RetryPolicyOptions>>().Value.Frameworks.Keys.Order().ShouldBe(["go", "jest"]);
    }

    static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddFlakyTests();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A pytest project and a Go module, each with a test that fails the first time it runs in a directory and passes
    /// after (a marker file), so retrying it shows.
    /// </summary>
    static TestTarget FlakyMonorepo(HistoryHarness harness)
    {
        var root = Path.Combine(harness.Workspace.Root, "mono");
        Directory.CreateDirectory(Path.Combine(root, "py"));
        Directory.CreateDirectory(Path.Combine(root, "go"));
        File.WriteAllText(Path.Combine(root, "py", "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(root, "py", "test_flaky.py"), """
            import os

            def test_flaky():
                marker = os.path.join(os.path.dirname(__file__), "ran-once")
                if not os.path.exists(marker):
                    open(marker, "w").close()
                    assert False, "first run fails"
            """);
        File.WriteAllText(Path.Combine(root, "go", "go.mod"), "module example.com/flaky\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(root, "go", "flaky_test.go"), """
            package flaky

            import (
                "os"
                "testing"
            )

            func TestFlaky(t *testing.T) {
                if _, err := os.Stat("ran-once"); err != nil {
                    _ = os.WriteFile("ran-once", nil, 0o644)
                    t.Fatal("first run fails")
                }
            }
            """);
        return new TestTarget(harness.Workspace, "mono", "mono");
    }

    async Task<HistoryHarness> HarnessAsync(ReplayTestRunner? runner, Action<RetryPolicyOptions> retries, bool realRunner = false)
    {
        var harness = await HistoryHarness.CreateAsync(runner, realRunner: realRunner, services: services => services.Configure(retries));
        _harnesses.Add(harness);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }
}
