using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Coordination;
using Lightning.Collaboration.Coordination.ContractNet;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Execution;

// Contract Net selection: call for proposals, collect them until the deadline, award the best, fall back on the next.
// Every message of the exchange goes to the collaboration's log, so the conversation view shows the bidding.
public sealed partial class CollaborationEngine
{
    /// <summary>The engine's own name in conversations (not "coordinator": that is a seeded agent).</summary>
    public const string EngineName = "engine";

    /// <summary>Calls go to at most this many matching agents (the best placed by load and record), to bound the chatter.</summary>
    const int MaxBidders = 8;

    const double DefaultProposalSeconds = 2;

    /// <summary>
    /// Dispatches a Contract Net subtask: to the next proposal of the last round when one is left (after the winner
    /// failed), else sends a new call for proposals. False when no online agent matches at all: the subtask then waits
    /// for one like any other.
    /// </summary>
    bool Award(CollaborationRun run, int index, SubtaskSpec spec, IAgentTool tool, string[] required)
    {
        var node = run.Nodes[index];
        if (AwardNext(run, index, spec, tool, required, fallback: true))
        {
            return true;
        }

        var bidders = _agents.All.Where(agent => AgentSelector.Matches(agent, required))
            .OrderByDescending(AgentSelector.Score).ThenBy(agent => agent.Name, StringComparer.Ordinal)
            .Take(MaxBidders).Select(BidderAgent.Of).ToList();
        if (bidders.Count == 0)
        {
            return false;
        }

        JsonElement input;
        try
        {
            input = Input(run, index, spec);
        }
        catch (JsonException)
        {
            return false; // Start reports the bad input.
        }

        node.Bidding = true;
        var conversation = $"{spec.Id}:cfp-{node.Attempts + 1}";
        var window = TimeSpan.FromSeconds(spec.ProposalSeconds ?? DefaultProposalSeconds);
        var call = new CallForProposals(run.Id, spec.Id, tool.Name, input, required, _time.GetUtcNow() + window);
        foreach (var bidder in bidders)
        {
            Say(run, spec.Id, conversation, "cfp", EngineName, bidder.Name, new { tool = tool.Name, deadline = call.Deadline });
        }

        // A tool that can price its own work answers for its agents; otherwise the configured bidder does.
        _ = CollectBidsAsync(run, index, conversation, call, bidders, window, tool as IContractNetBidder ?? _bidder);
        return true;
    }

    async Task CollectBidsAsync(CollaborationRun run, int index, string conversation, CallForProposals call, List<BidderAgent> bidders, TimeSpan window, IContractNetBidder bidder)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, run.Cancellation.Token);
        deadline.CancelAfter(window);
        var answers = await Task.WhenAll(bidders.Select(async agent =>
        {
            try
            {
                return (Bid?)await bidder.BidAsync(call, agent, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
#pragma warning disable CA1031 // A bidder that throws has refused; the others still count.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Bid.Refuse(agent.Name, $"its bidder failed: {ex.Message}");
            }
        })).ConfigureAwait(false);
        if (!_stopping.IsCancellationRequested)
        {
            _inbox.Writer.TryWrite(() => OnBids(run, index, conversation, bidders, answers));
        }
    }

    void OnBids(CollaborationRun run, int index, string conversation, List<BidderAgent> bidders, Bid?[] answers)
    {
        var node = run.Nodes[index];
        node.Bidding = false;
        if (run.IsFinished || node.Status != SubtaskStatus.Ready)
        {
            return;
        }

        var spec = run.Graph.Nodes[index];
        var proposals = new List<Proposal>();
        var refusals = new List<string>();
        for (var i = 0; i < bidders.Count; i++)
        {
            var name = bidders[i].Name;
            switch (answers[i])
            {
                case null:
                    Say(run, spec.Id, conversation, "cancel", EngineName, name, new { reason = "no proposal before the deadline" });
                    refusals.Add($"{name}: no proposal in time");
                    break;
                case { Proposal: { } proposal }:
                    var offer = proposal with { Agent = name };
                    Say(run, spec.Id, conversation, "propose", name, EngineName, new { offer.Cost, offer.LatencyMs, offer.Load, offer.Confidence });
                    proposals.Add(offer);
                    break;
                case { } refused:
                    Say(run, spec.Id, conversation, "refuse", name, EngineName, new { reason = refused.Refusal });
                    refusals.Add($"{name}: {refused.Refusal}");
                    break;
            }
        }

        node.BidConversation = conversation;
        node.Proposals = [.. ProposalRanking.Rank(proposals)];
        var tool = _tools.Find(spec.Tool!);
        var required = new[] { spec.Capability, tool?.Capability }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (tool is null || !AwardNext(run, index, spec, tool, required, fallback: false))
        {
            node.Proposals = null;
            var why = proposals.Count == 0 ? $"no agent proposed ({string.Join("; ", refusals)})" : "every agent that proposed is busy now";
            Fail(run, index, $"Contract Net: {why}.", null, retryable: true, agent: null);
            Schedule(run);
            CheckFinished(run);
            return;
        }

        // The runners-up are declined, but kept: if the winner fails, the next one is awarded without a new call.
        foreach (var declined in node.Proposals)
        {
            Say(run, spec.Id, conversation, "reject-proposal", EngineName, declined.Agent, new { reason = "a better proposal won" });
        }
    }

    /// <summary>
    /// Awards the best remaining proposal whose agent can still take the work; false when none can. Loads are brought up
    /// to date first: work awarded since the agent proposed (to this or another subtask's call) counts against it, so
    /// two calls answered at once do not both go to the same idle agent.
    /// </summary>
    bool AwardNext(CollaborationRun run, int index, SubtaskSpec spec, IAgentTool tool, string[] required, bool fallback)
    {
        var node = run.Nodes[index];
        if (node.Proposals is not { Count: > 0 } left)
        {
            return false;
        }

        Proposal? best = null;
        AgentCandidate? winner = null;
        var bestUtility = double.MinValue;
        foreach (var proposal in left)
        {
            if (_agents.Find(proposal.Agent) is not { } candidate || !AgentSelector.Matches(candidate, required) || candidate.InFlight >= candidate.MaxConcurrency)
            {
                continue;
            }

            var current = proposal with { Load = Math.Max(proposal.Load, candidate.InFlight / (double)Math.Max(1, candidate.MaxConcurrency)) };
            var utility = ProposalRanking.Utility(current);
            if (utility > bestUtility || (utility.Equals(bestUtility) && string.CompareOrdinal(current.Agent, best!.Agent) < 0))
            {
                best = current;
                winner = candidate;
                bestUtility = utility;
            }
        }

        if (best is null || winner is null)
        {
            left.Clear();
            return false;
        }

        left.RemoveAll(p => string.Equals(p.Agent, best.Agent, StringComparison.Ordinal));
        Say(run, spec.Id, node.BidConversation!, "accept-proposal", EngineName, best.Agent,
            new { best.Cost, best.LatencyMs, best.Load, best.Confidence, utility = Math.Round(bestUtility, 6), fallback });
        Start(run, index, spec, tool, winner);
        return true;
    }

    void Say(CollaborationRun run, string subtask, string conversation, string performative, string sender, string receiver, object content) =>
        Emit(run, CollaborationEventTypes.Message, subtask, new ConversationMessage(conversation, performative, sender, receiver, subtask,
            Content: JsonSerializer.SerializeToElement(content, LightningJson.Options)));
}
