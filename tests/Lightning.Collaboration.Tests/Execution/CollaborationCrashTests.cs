using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Execution;

/// <summary>
/// <c>kill -9</c> of a server mid-collaboration: a child process runs the engine on a 1,500-subtask graph whose tool logs
/// each call; the parent kills it, reads which subtasks the log says finished, restarts the engine on the same data and
/// checks that the collaboration finishes, nothing recorded as finished runs again, and nothing is lost.
/// </summary>
public sealed class CollaborationCrashTests : IDisposable
{
    const string DataVariable = "LIGHTNING_CRASH_CHILD_DATA";
    const string ProgressVariable = "LIGHTNING_CRASH_CHILD_PROGRESS";
    const int Chains = 30;
    const int Length = 50;

    readonly TempDirectory _directory = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task KillDashNine_MidRun_ResumesWithoutRerunningFinishedSubtasksOrLosingAny()
    {
        var data = _directory.Combine("data");
        var progress = _directory.Combine("progress.log");
        using var child = CrashChild.Start(typeof(CollaborationCrashTests), nameof(CrashChild_RunsACollaborationUntilKilled),
            new Dictionary<string, string> { [DataVariable] = data, [ProgressVariable] = progress });
        try
        {
            await CrashChild.WaitForAsync(() => CrashChild.ReadLines(progress).Count(l => l.StartsWith("called ", StringComparison.Ordinal)) >= 300,
                TimeSpan.FromSeconds(90), Token);
        }
        finally
        {
            await CrashChild.KillAsync(child, Token);
        }

        var id = CrashChild.ReadLines(progress).Single(l => l.StartsWith("submitted ", StringComparison.Ordinal))["submitted ".Length..];
        HashSet<string> finishedBeforeKill;
        await using (var store = new SqliteCollaborationEventStore(Path.Combine(data, "collaboration", "events.db")))
        {
            var events = await store.ReadAsync(id, 0, 100_000, Token);
            finishedBeforeKill = [.. events.Where(e => e.Type == CollaborationEventTypes.SubtaskSucceeded).Select(e => e.Subtask!)];
        }

        finishedBeforeKill.Count.ShouldBeGreaterThan(100);
        finishedBeforeKill.Count.ShouldBeLessThan(Chains * Length);

        var calls = new LoggingTool(null);
        await using var host = await CollaborationHost.StartAsync(data, extraTools: [calls]);
        var view = await host.WaitFinishedAsync(id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded);
        view.Subtasks.ShouldAllBe(s => s.Status == SubtaskStatus.Succeeded);
        calls.Keys.Select(key => key[(id.Length + 1)..]).Intersect(finishedBeforeKill).ShouldBeEmpty("a subtask the log recorded as finished ran again");
        var everCalled = CrashChild.ReadLines(progress).Where(l => l.StartsWith("called ", StringComparison.Ordinal)).Select(l => l["called ".Length..])
            .Concat(calls.Keys).Select(key => key[(id.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        everCalled.Count.ShouldBe(Chains * Length);
        TestContext.Current.TestOutputHelper?.WriteLine($"{finishedBeforeKill.Count} finished before the kill; {calls.Keys.Count} ran after the restart");
    }

    /// <summary>The child's side; it does nothing unless the crash test started it.</summary>
    [Fact(Explicit = true)]
    public async Task CrashChild_RunsACollaborationUntilKilled()
    {
        var data = Environment.GetEnvironmentVariable(DataVariable);
        var progressPath = Environment.GetEnvironmentVariable(ProgressVariable);
        if (data is null || progressPath is null)
        {
            return;
        }

        var progress = CrashChild.OpenLog(progressPath);
        // Never disposed: the parent kills this process.
        var host = await CollaborationHost.StartAsync(data, extraTools: [new LoggingTool(progress)]);
        var subtasks = Enumerable.Range(0, Chains).SelectMany(chain => Enumerable.Range(0, Length).Select(step => new
        {
            id = $"c{chain}-{step}",
            tool = "logging",
            input = new { delayMs = 5 },
            dependsOn = step == 0 ? Array.Empty<string>() : [$"c{chain}-{step - 1}"],
        }));
        var plan = CollaborationEngineTests.Plan(JsonSerializer.Serialize(new { subtasks, maxParallel = 8 }));
        var submitted = await host.SubmitAsync(plan, CancellationToken.None);
        lock (progress)
        {
            progress.WriteLine("submitted " + submitted.Id);
        }

        await Task.Delay(Timeout.Infinite, CancellationToken.None);
    }

    /// <summary>Logs every call's idempotency key (to the progress file in the child, to memory in the parent).</summary>
    sealed class LoggingTool(StreamWriter? progress) : IAgentTool
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<string> _keys = new();

        public IReadOnlyCollection<string> Keys => [.. _keys];

        public string Name => "logging";

        public string Description => "Logs its calls.";

        public string? Capability => null;

        public IReadOnlyList<string> Validate(JsonElement input) => [];

        public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
        {
            await Task.Delay(invocation.Input.GetProperty("delayMs").GetInt32(), cancellationToken);
            if (progress is not null)
            {
                lock (progress)
                {
                    progress.WriteLine("called " + invocation.IdempotencyKey);
                }
            }
            else
            {
                _keys.Enqueue(invocation.IdempotencyKey);
            }

            return ToolResult.Success(invocation.Input);
        }
    }
}
