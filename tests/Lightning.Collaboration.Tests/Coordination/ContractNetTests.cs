using System.Collections.Concurrent;
using System.Text.Json;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Coordination;
using Lightning.Collaboration.Coordination.ContractNet;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tests.Execution;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Coordination;

public sealed class ContractNetTests : IAsyncLifetime
{
    readonly TempDirectory _data = new();
    readonly BiddingTool _tool = new();
    CollaborationHost _host = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await CollaborationHost.StartAsync(_data.Path, extraTools: [_tool]);
        foreach (var name in new[] { "bid-a", "bid-b", "bid-c" })
        {
            await _host.Registry.RegisterAsync(new AgentRegistration(name, "build-runner", "Bids in tests.", [BiddingTool.CapabilityName], 4, AgentLocation.InProcess, null, null), Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    static string Plan(int maxAttempts = 1, double proposalSeconds = 2) => $$"""
        { "subtasks": [ { "id": "job", "tool": "bidding", "selection": "contract-net", "proposalSeconds": {{proposalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
                          "input": { "work": 1 }, "retry": { "maxAttempts": {{maxAttempts}}, "backoffSeconds": 0.05 } } ] }
        """;

    async Task<(CollaborationView View, List<ConversationMessage> Messages)> RunAsync(string plan)
    {
        var submitted = await _host.SubmitAsync(CollaborationEngineTests.Plan(plan), Token);
        var view = await _host.WaitFinishedAsync(submitted.Id, Token);
        var events = (await _host.Collaborations.EventsAsync(submitted.Id, 0, 1000, Token))!;
        return (view, [.. events.Where(e => e.Type == CollaborationEventTypes.Message).Select(e => e.Data!.Value.Deserialize<ConversationMessage>(LightningJson.Options)!)]);
    }

    static IEnumerable<string> Said(List<ConversationMessage> messages, string performative) =>
        messages.Where(m => m.Performative == performative).Select(m => m.Performative is "propose" or "refuse" ? m.Sender : m.Receiver).Order(StringComparer.Ordinal);

    [Fact]
    public async Task ContractNet_AwardsTheBestProposal_AndRecordsTheWholeExchange()
    {
        _tool.Bids["bid-a"] = agent => Bid.Propose(new Proposal(agent, 5, 100, 0, 0.9));
        _tool.Bids["bid-b"] = agent => Bid.Propose(new Proposal(agent, 1, 100, 0, 0.9));
        _tool.Bids["bid-c"] = agent => Bid.Refuse(agent, "not my kind of work");

        var (view, messages) = await RunAsync(Plan());

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Subtasks.Single().Agent.ShouldBe("bid-b");
        _tool.Ran.ShouldBe(["bid-b"]);
        Said(messages, "cfp").ShouldBe(["bid-a", "bid-b", "bid-c"]);
        Said(messages, "propose").ShouldBe(["bid-a", "bid-b"]);
        Said(messages, "refuse").ShouldBe(["bid-c"]);
        Said(messages, "accept-proposal").ShouldBe(["bid-b"]);
        Said(messages, "reject-proposal").ShouldBe(["bid-a"]);
        messages.ShouldAllBe(m => m.Conversation == "job:cfp-1" && m.Subtask == "job");
        messages.Single(m => m.Performative == "refuse").Content!.Value.GetProperty("reason").GetString().ShouldBe("not my kind of work");
    }

    [Fact]
    public async Task ContractNet_WhenTheWinnerFails_AwardsTheRunnerUpWithoutANewCall()
    {
        _tool.Bids["bid-a"] = agent => Bid.Propose(new Proposal(agent, 5, 100, 0, 0.9));
        _tool.Bids["bid-b"] = agent => Bid.Propose(new Proposal(agent, 1, 100, 0, 0.9));
        _tool.Bids["bid-c"] = agent => Bid.Refuse(agent, "no");
        _tool.FailOn.Add("bid-b");

        var (view, messages) = await RunAsync(Plan(maxAttempts: 2));

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Subtasks.Single().Agent.ShouldBe("bid-a");
        _tool.Ran.ShouldBe(["bid-b", "bid-a"]);
        messages.Count(m => m.Performative == "cfp").ShouldBe(3);
        var accepted = messages.Where(m => m.Performative == "accept-proposal").ToList();
        accepted.Select(m => m.Receiver).ShouldBe(["bid-b", "bid-a"]);
        accepted[1].Content!.Value.GetProperty("fallback").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ContractNet_ProposalsAfterTheDeadlineAreIgnored()
    {
        _tool.Bids["bid-a"] = agent => Bid.Propose(new Proposal(agent, 5, 100, 0, 0.9));
        _tool.Bids["bid-b"] = agent => Bid.Propose(new Proposal(agent, 0, 1, 0, 1));
        _tool.Bids["bid-c"] = agent => Bid.Refuse(agent, "no");
        _tool.Slow["bid-b"] = TimeSpan.FromSeconds(10);

        var (view, messages) = await RunAsync(Plan(proposalSeconds: 0.3));

        view.Subtasks.Single().Agent.ShouldBe("bid-a");
        var cancel = messages.Single(m => m.Performative == "cancel");
        cancel.Receiver.ShouldBe("bid-b");
        cancel.Content!.Value.GetProperty("reason").GetString().ShouldBe("no proposal before the deadline");
    }

    [Fact]
    public async Task ContractNet_WhenEveryAgentRefuses_TheSubtaskFailsWithTheirReasons()
    {
        foreach (var name in new[] { "bid-a", "bid-b", "bid-c" })
        {
            _tool.Bids[name] = agent => Bid.Refuse(agent, $"{agent} is on holiday");
        }

        var (view, _) = await RunAsync(Plan());

        view.Status.ShouldBe(CollaborationStatus.Failed);
        var error = view.Subtasks.Single().Error!;
        error.ShouldStartWith("Contract Net: no agent proposed (");
        error.ShouldContain("bid-a: bid-a is on holiday");
        error.ShouldContain("bid-c: bid-c is on holiday");
        _tool.Ran.ShouldBeEmpty();
    }

    [Fact]
    public async Task ContractNet_WithTheDefaultBidder_RunsOnAMatchingAgent()
    {
        var (view, messages) = await RunAsync("""
            { "subtasks": [ { "id": "job", "tool": "echo", "capability": "bidding", "selection": "contract-net", "input": { "x": 1 } } ] }
            """);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        view.Subtasks.Single().Agent.ShouldBeOneOf("bid-a", "bid-b", "bid-c");
        Said(messages, "propose").ShouldBe(["bid-a", "bid-b", "bid-c"]);
        messages.Single(m => m.Performative == "accept-proposal").Receiver.ShouldBe(view.Subtasks.Single().Agent);
    }

    [Fact]
    public async Task ContractNet_PlanMistakes_AreRejectedAtSubmit()
    {
        var named = await Should.ThrowAsync<ValidationFailedException>(() => _host.SubmitAsync(CollaborationEngineTests.Plan("""
            { "subtasks": [ { "id": "job", "tool": "echo", "selection": "contract-net", "agent": "bid-a" } ] }
            """), Token));
        named.Message.ShouldContain("bidding chooses the agent");
        var window = await Should.ThrowAsync<ValidationFailedException>(() => _host.SubmitAsync(CollaborationEngineTests.Plan("""
            { "subtasks": [ { "id": "job", "tool": "echo", "proposalSeconds": 1 } ] }
            """), Token));
        window.Message.ShouldContain("only contract-net selection uses");
    }

    [Fact]
    public void Ranking_PrefersSureIdleFastCheapAgents_AndBreaksTiesByName()
    {
        var ranked = ProposalRanking.Rank(
        [
            new Proposal("slow", 0, 3000, 0, 1),
            new Proposal("busy", 0, 0, 0.9, 1),
            new Proposal("pricey", 10, 0, 0, 1),
            new Proposal("unsure", 0, 0, 0, 0.2),
            new Proposal("zeta", 0, 0, 0, 1),
            new Proposal("alpha", 0, 0, 0, 1),
        ]);

        ranked.Select(p => p.Agent).ShouldBe(["alpha", "zeta", "slow", "unsure", "busy", "pricey"]);
    }

    [Fact]
    public async Task StatsBidder_RefusesWhenOfflineOrFull_AndProposesItsRecord()
    {
        var bidder = new StatsBidder();
        var call = new CallForProposals("col", "job", "echo", JsonSerializer.SerializeToElement(new { }), [], DateTimeOffset.UtcNow.AddSeconds(1));
        var agent = new AgentCandidate("agent-1", new HashSet<string>(StringComparer.Ordinal), 4) { InFlight = 1 };
        agent.Stats.Record(true, 200, 0.5);

        var bid = await bidder.BidAsync(call, BidderAgent.Of(agent), Token);
        bid.Proposal.ShouldBe(new Proposal("agent-1", 0.5, 200, 0.25, 1));
        (await bidder.BidAsync(call, BidderAgent.Of(agent) with { InFlight = 4 }, Token)).Refusal.ShouldBe("busy: 4 of 4 slots taken");
        (await bidder.BidAsync(call, BidderAgent.Of(agent) with { Online = false }, Token)).Refusal.ShouldBe("offline");
    }

    /// <summary>A tool that bids for its agents as the test scripts it, records which agent ran it, and fails on the agents named.</summary>
    sealed class BiddingTool : IAgentTool, IContractNetBidder
    {
        public const string CapabilityName = "bidding";

        public ConcurrentDictionary<string, Func<string, Bid>> Bids { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, TimeSpan> Slow { get; } = new(StringComparer.Ordinal);

        public ConcurrentBag<string> FailOn { get; } = [];

        public ConcurrentQueue<string> Ran { get; } = new();

        public string Name => "bidding";

        public string Description => "Bids as scripted.";

        public string? Capability => CapabilityName;

        public IReadOnlyList<string> Validate(JsonElement input) => [];

        public async Task<Bid> BidAsync(CallForProposals proposals, BidderAgent agent, CancellationToken cancellationToken)
        {
            if (Slow.TryGetValue(agent.Name, out var delay))
            {
                await Task.Delay(delay, cancellationToken);
            }

            return Bids.TryGetValue(agent.Name, out var bid) ? bid(agent.Name) : Bid.Refuse(agent.Name, "not scripted");
        }

        public Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
        {
            Ran.Enqueue(invocation.Agent);
            return Task.FromResult(FailOn.Contains(invocation.Agent)
                ? ToolResult.Failure($"{invocation.Agent} broke")
                : ToolResult.Success(JsonSerializer.SerializeToElement(new { by = invocation.Agent })));
        }
    }
}
