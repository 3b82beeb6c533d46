using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners;

/// <summary>
/// The same scenarios for every framework, on its <see cref="RunnerFixtures"/> project run by its real toolchain: every
/// outcome reported with the live events agreeing with the report, the flaky test turned flaky by retries, and
/// selection by case id. Each framework's class names the ids its report gives.
/// </summary>
[Collection(RunnerCollection.Name)]
public abstract class FrameworkRunTests
{
    internal abstract RunnerKit NewKit();

    internal abstract void Write(FixtureWorkspace workspace);

    protected abstract string Passing { get; }

    protected abstract string Failing { get; }

    protected abstract string Skipped { get; }

    protected abstract string Flaky { get; }

    protected abstract string Output { get; }

    /// <summary>Where the output test's "out: grüße" ends up: its case's stdout, unless the framework keeps it elsewhere.</summary>
    protected virtual string? OutputIn(TestRun run) => RunnerKit.Case(run, Output).Stdout;

    /// <summary>Files a run may add to the repository: the flaky test's counter, and a build's own output.</summary>
    protected virtual bool MayLeave(string relativePath) => relativePath.EndsWith("flaky.count", StringComparison.Ordinal);

    [Fact]
    public async Task RunAsync_Fixture_ReportsEveryOutcomeAndTheLiveEventsAgree()
    {
        using var kit = NewKit();
        Write(kit.Workspace);
        var before = Files(kit.Repository);

        var result = await kit.RunSingleAsync(kit.Request());

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldNotBe(0);
        var outcomes = RunnerKit.Outcomes(result.Run);
        outcomes.ShouldContainKeyAndValue(Passing, "passed");
        outcomes.ShouldContainKeyAndValue(Failing, "failed");
        outcomes.ShouldContainKeyAndValue(Skipped, "skipped");
        outcomes.ShouldContainKeyAndValue(Flaky, "failed");
        outcomes.ShouldContainKeyAndValue(Output, "passed");
        RunnerKit.Case(result.Run, Failing).Failure.ShouldNotBeNull();
        OutputIn(result.Run).ShouldNotBeNull().ShouldContain(RunnerFixtures.Output);

        // Live: what the framework said while running names and judges every case as the report does.
        kit.LiveOutcomes().ShouldBe(outcomes, ignoreOrder: true);
        var events = kit.Events;
        events[0].ShouldBeOfType<RunStartedEvent>().Framework.ShouldBe(result.Run.Framework);
        events[^1].ShouldBeOfType<RunFinishedEvent>().Totals.ShouldBe(result.Run.Totals);
        events.OfType<CaseStartedEvent>().ShouldAllBe(started => started.At != null);
        RunnerKit.Outcomes(kit.Assembled()).ShouldBe(outcomes, ignoreOrder: true);

        // Reports and plugins went to the scratch directory, which is gone.
        Files(kit.Repository).Except(before).Where(path => !MayLeave(path)).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(kit.Workspace.Outside).Where(path => !Path.GetFileName(path).StartsWith("lightning-junit-listener-", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_WithRetries_FlakyCasePassesOnARetryAndKeepsEveryAttempt()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(retries: 2));

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        var flaky = RunnerKit.Case(result.Run, Flaky);
        flaky.Outcome.ShouldBe(TestOutcome.Flaky);
        flaky.Attempts.Select(attempt => (attempt.Number, attempt.Outcome)).ShouldBe([(1, TestOutcome.Failed), (2, TestOutcome.Passed)]);
        flaky.Attempts[0].Failure.ShouldNotBeNull();
        var failing = RunnerKit.Case(result.Run, Failing);
        RunnerKit.Class(failing.Outcome).ShouldBe("failed");
        failing.Attempts.Select(attempt => attempt.Number).ShouldBe([1, 2, 3]);
        failing.Attempts.ShouldAllBe(attempt => attempt.Outcome == TestOutcome.Failed || attempt.Outcome == TestOutcome.Errored);
        RunnerKit.Case(result.Run, Passing).Attempts.ShouldBeEmpty();
        result.Run.Totals.Flaky.ShouldBe(1);

        // Live: each retry's result is an attempt event, and the stream ends as the report does.
        var assembled = kit.Assembled();
        RunnerKit.Outcomes(assembled).ShouldBe(RunnerKit.Outcomes(result.Run), ignoreOrder: true);
        RunnerKit.Case(assembled, Flaky).Attempts.Select(attempt => attempt.Outcome).ShouldBe([TestOutcome.Failed, TestOutcome.Passed]);
        var keys = kit.Events.OfType<CaseStartedEvent>().ToDictionary(started => started.CaseKey, started => started.Id);
        var attempts = kit.Events.OfType<AttemptEvent>().Where(attempt => attempt.At != null).GroupBy(attempt => keys[attempt.CaseKey]).ToDictionary(group => group.Key, group => group.Count());
        attempts.ShouldContainKeyAndValue(Flaky, 2);
        attempts.ShouldContainKeyAndValue(Failing, 3);
    }

    [Fact]
    public async Task RunAsync_TestsById_RunsOnlyThose()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: [Passing, Output]));

        result.Error.ShouldBeNull(result.Run.Stdout + result.Run.Stderr);
        var outcomes = RunnerKit.Outcomes(result.Run);
        outcomes.ShouldContainKeyAndValue(Passing, "passed");
        outcomes.ShouldContainKeyAndValue(Output, "passed");
        // Not run: absent from the report, or reported skipped (Jest lists the tests of a file it filtered out).
        outcomes.GetValueOrDefault(Failing, "skipped").ShouldBe("skipped");
        outcomes.GetValueOrDefault(Flaky, "skipped").ShouldBe("skipped");
        result.Run.Totals.Succeeded.ShouldBeTrue();
    }

    static HashSet<string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(directory, path)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Runner tests start real toolchains: one at a time, so a slow machine does not time them out.</summary>
[CollectionDefinition(Name)]
public sealed class RunnerCollection
{
    public const string Name = "Test runners";
}
