using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Tests.Runners.Live;

/// <summary>Feeds lines to a translator without a process, as <see cref="PassExecution"/> would, and keeps the events.</summary>
internal sealed class TranslatorHarness
{
    public TranslatorHarness() => Live = new LiveRun(testEvent =>
    {
        Events.Add(testEvent);
        return ValueTask.CompletedTask;
    }, TimeProvider.System);

    public LiveRun Live { get; }

    public List<TestEvent> Events { get; } = [];

    public static async Task FeedAsync(LiveTranslator translator, IEnumerable<string> lines, OutputStream stream = OutputStream.Stdout)
    {
        foreach (var line in lines)
        {
            await translator.OnLineAsync(stream, line);
        }

        await translator.CompleteAsync();
    }

    /// <summary>Each finished case's outcome, by id, as the events told it (failed and errored alike).</summary>
    public Dictionary<string, string> Outcomes()
    {
        var ids = Events.OfType<CaseStartedEvent>().ToDictionary(started => started.CaseKey, started => started.Id);
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var finished in Events.OfType<CaseFinishedEvent>())
        {
            outcomes[ids[finished.CaseKey]] = RunnerKit.Class(finished.Outcome);
        }

        return outcomes;
    }

    /// <summary>The report's cases that finished (a case the report calls unfinished never sent an end live).</summary>
    public static Dictionary<string, string> Finished(TestRun run) => run.EnumerateCases()
        .Where(testCase => testCase.Failure?.Type != "unfinished")
        .GroupBy(testCase => testCase.Id)
        .ToDictionary(group => group.Key, group => RunnerKit.Class(group.Last().Outcome));
}
