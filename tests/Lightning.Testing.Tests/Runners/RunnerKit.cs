using System.Collections.Concurrent;
using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Runners;

/// <summary>
/// A workspace with a fixture repository in it, the real runner over the real toolchains of this machine, and every
/// event the runner sent, in order.
/// </summary>
internal sealed class RunnerKit : IDisposable
{
    readonly ConcurrentQueue<(string Project, TestEvent Event)> _events = new();

    readonly bool _ownsWorkspace;

    /// <param name="workspace">A workspace shared with other tests (the kit leaves it); a fresh one when null.</param>
    /// <param name="javaRepositories">Where JUnit projects' libraries are looked for (PATH syntax); the option's default when null.</param>
    public RunnerKit(string? searchPath = null, TestRunnerOptions? options = null, FixtureWorkspace? workspace = null, string? javaRepositories = null)
    {
        _ownsWorkspace = workspace is null;
        Workspace = workspace ?? new FixtureWorkspace();
        SearchPath = searchPath ?? Toolchain.Path;
        var toolchains = new TestToolchainOptions { SearchPath = SearchPath };
        if (javaRepositories is not null)
        {
            toolchains.JavaRepositories = javaRepositories;
        }

        Runner = new TestRunner(
            FixtureWorkspace.Detector(toolchains: toolchains),
            Toolchain.Probe(toolchains),
            Toolchain.Runner,
            new TestReportReader(),
            Options.Create(options ?? new TestRunnerOptions { ScratchDirectory = Workspace.Outside }),
            Options.Create(toolchains),
            TimeProvider.System,
            NullLogger<TestRunner>.Instance);
    }

    public FixtureWorkspace Workspace { get; }

    public string SearchPath { get; }

    public TestRunner Runner { get; }

    /// <summary>The repository's directory on disk.</summary>
    public string Repository => Workspace.Full("repo");

    public IReadOnlyList<TestEvent> Events => _events.Select(entry => entry.Event).ToList();

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A kit whose search path puts jest (LIGHTNING_TEST_JEST_BIN) first.</summary>
    public static RunnerKit WithJest() => new(Toolchain.JestBinDirectory() + Path.PathSeparator + Toolchain.Path);

    public TestRunRequest Request(int retries = 0, params string[] tests) =>
        new() { Workspace = Workspace.Workspace, Repository = "repo", Retries = retries, Tests = tests };

    public async Task<ProjectRunResult> RunSingleAsync(TestRunRequest request, CancellationToken? cancellationToken = null)
    {
        var results = await RunAsync(request, cancellationToken);
        return results.ShouldHaveSingleItem();
    }

    public async Task<IReadOnlyList<ProjectRunResult>> RunAsync(TestRunRequest request, CancellationToken? cancellationToken = null)
    {
        _events.Clear();
        return await Runner.RunAsync(request, (project, testEvent) =>
        {
            _events.Enqueue((project, testEvent));
            return ValueTask.CompletedTask;
        }, cancellationToken ?? Cancellation);
    }

    /// <summary>Each case's outcome as the report (the result) gives it, by id; failed and errored read alike.</summary>
    public static Dictionary<string, string> Outcomes(TestRun run) =>
        run.EnumerateCases().GroupBy(testCase => testCase.Id).ToDictionary(group => group.Key, group => Class(group.Last().Outcome));

    /// <summary>
    /// Each case's outcome as the live events told it while the tests ran (events with a time; those replayed from the
    /// report at the end have none), by id.
    /// </summary>
    public Dictionary<string, string> LiveOutcomes()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var testEvent in Events)
        {
            switch (testEvent)
            {
                case CaseStartedEvent started:
                    ids[started.CaseKey] = started.Id;
                    break;
                case CaseFinishedEvent { At: not null } finished:
                    outcomes[ids[finished.CaseKey]] = Class(finished.Outcome);
                    break;
            }
        }

        return outcomes;
    }

    /// <summary>The run every event describes, assembled as a live viewer would.</summary>
    public TestRun Assembled()
    {
        var assembler = new TestRunAssembler();
        foreach (var testEvent in Events)
        {
            assembler.Apply(testEvent);
        }

        return assembler.Build();
    }

    public static string Class(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Errored => "failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static TestCase Case(TestRun run, string id) =>
        run.EnumerateCases().FirstOrDefault(testCase => testCase.Id == id)
        ?? throw new ShouldAssertException($"No case '{id}' in the run; there are: {string.Join(", ", run.EnumerateCases().Select(testCase => testCase.Id))}");

    public void Dispose()
    {
        if (_ownsWorkspace)
        {
            Workspace.Dispose();
        }
    }
}
