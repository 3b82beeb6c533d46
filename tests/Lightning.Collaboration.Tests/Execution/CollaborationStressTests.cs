using Lightning.Agents.Registry;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Execution;

/// <summary>Many agents and many subtasks at once: nothing lost, nothing run twice, every agent's limit kept, the work spread.</summary>
public sealed class CollaborationStressTests : IAsyncLifetime
{
    const int Agents = 50;
    const int AgentSlots = 4;
    const int Layers = 50;
    const int Width = 100;

    readonly TempDirectory _data = new();
    CollaborationHost _host = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await CollaborationHost.StartAsync(_data.Path);
        for (var i = 1; i <= Agents; i++)
        {
            await _host.Registry.RegisterAsync(new AgentRegistration($"stress-{i:00}", "build-runner", "Stress test agent.", ["stress"], AgentSlots,
                AgentLocation.InProcess, null, null), Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task FiftyAgents_FiveThousandSubtasks_AllRunOnce_WithinEveryLimit()
    {
        // 50 layers of 100; each subtask depends on two of the layer before and passes an output along.
        var subtasks = new List<SubtaskSpec>();
        for (var layer = 0; layer < Layers; layer++)
        {
            for (var i = 0; i < Width; i++)
            {
                var id = $"l{layer}-{i}";
                subtasks.Add(new SubtaskSpec
                {
                    Id = id,
                    Tool = "probe",
                    Capability = "stress",
                    Input = System.Text.Json.JsonSerializer.SerializeToElement(new { value = id, delayMs = 1 }),
                    DependsOn = layer == 0 ? null : [$"l{layer - 1}-{i}", $"l{layer - 1}-{(i + 1) % Width}"],
                });
            }
        }

        var submitted = await _host.SubmitAsync(new TaskPlan { Subtasks = subtasks }, Token);
        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Progress.Succeeded.ShouldBe(Layers * Width);
        _host.Probe.Calls.Count.ShouldBe(Layers * Width);
        _host.Probe.Calls.Values.ShouldAllBe(calls => calls == 1);

        var events = new List<CollaborationEvent>();
        long after = 0;
        while (await _host.Collaborations.EventsAsync(submitted.Id, after, 10_000, Token) is { Count: > 0 } page)
        {
            events.AddRange(page);
            after = page[^1].Sequence;
        }

        events.Count(e => e.Type == CollaborationEventTypes.SubtaskStarted).ShouldBe(Layers * Width);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));

        // Replaying the log in order, no agent ever had more than its slots in flight.
        var inFlight = new Dictionary<string, int>(StringComparer.Ordinal);
        var agentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var peak = 0;
        foreach (var e in events)
        {
            if (e.Type == CollaborationEventTypes.SubtaskStarted)
            {
                var agent = e.Data!.Value.GetProperty("agent").GetString()!;
                agentOf[e.Subtask!] = agent;
                inFlight[agent] = inFlight.GetValueOrDefault(agent) + 1;
                peak = Math.Max(peak, inFlight[agent]);
            }
            else if (e.Type == CollaborationEventTypes.SubtaskSucceeded)
            {
                inFlight[agentOf[e.Subtask!]]--;
            }
        }

        peak.ShouldBeLessThanOrEqualTo(AgentSlots);
        agentOf.Values.Distinct(StringComparer.Ordinal).Count().ShouldBe(Agents);
        agentOf.Values.ShouldAllBe(agent => agent.StartsWith("stress-", StringComparison.Ordinal));
    }
}
