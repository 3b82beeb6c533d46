using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tasks;

/// <summary>
/// A plan checked and indexed: no cycle, no unknown dependency, capability, agent or tool, and inputs that only read
/// values that exist. Nodes are addressed by index for the scheduler; <see cref="IndexOf"/> maps ids.
/// </summary>
public sealed partial class TaskGraph
{
    /// <summary>Enough for the 100,000-subtask graphs the scheduler is measured on.</summary>
    public const int MaxSubtasks = 200_000;

    readonly Dictionary<string, int> _index;

    TaskGraph(TaskPlan plan, SubtaskSpec[] nodes, Dictionary<string, int> index, int[][] dependencies, int[][] dependents, int[] depth, bool[] compensationOnly)
    {
        Plan = plan;
        Nodes = nodes;
        _index = index;
        Dependencies = dependencies;
        Dependents = dependents;
        Depth = depth;
        CompensationOnly = compensationOnly;
    }

    public TaskPlan Plan { get; }

    public IReadOnlyList<SubtaskSpec> Nodes { get; }

    public IReadOnlyList<int[]> Dependencies { get; }

    public IReadOnlyList<int[]> Dependents { get; }

    /// <summary>Longest chain of dependencies above each node (roots are 0).</summary>
    public IReadOnlyList<int> Depth { get; }

    /// <summary>Nodes that only run as another node's compensation.</summary>
    public IReadOnlyList<bool> CompensationOnly { get; }

    public int Count => Nodes.Count;

    public int MaxDepth => Depth.Count == 0 ? 0 : Depth.Max() + 1;

    public int IndexOf(string id) => _index.TryGetValue(id, out var index) ? index : -1;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}$")]
    private static partial Regex IdPattern();

    /// <summary>Checks a plan and indexes it, or throws <see cref="ValidationFailedException"/> naming every offending node.</summary>
    public static TaskGraph Build(TaskPlan plan, PlanCatalog catalog, IReadOnlyDictionary<string, JsonElement>? inputs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new Validator();
        var nodes = plan.Subtasks?.ToArray() ?? [];
        if (nodes.Length == 0)
        {
            errors.Add("plan.subtasks", "A plan needs at least one subtask.");
            errors.ThrowIfInvalid();
        }

        if (nodes.Length > MaxSubtasks)
        {
            errors.Add("plan.subtasks", $"A plan holds at most {MaxSubtasks} subtasks; this one has {nodes.Length}. Split the work into several collaborations.");
            errors.ThrowIfInvalid();
        }

        var index = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            var id = nodes[i]?.Id ?? string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                errors.Add($"plan.subtasks[{i}].id", $"Subtask {i + 1} needs an id of letters, digits, '-', '_' or '.' (at most 100), not '{id}'.");
            }
            else if (!index.TryAdd(id, i))
            {
                errors.Add($"plan.subtasks[{id}]", $"Subtask id '{id}' is used twice.");
            }
        }

        errors.ThrowIfInvalid();

        var dependencies = new int[nodes.Length][];
        var compensationOnly = new bool[nodes.Length];
        foreach (var node in nodes)
        {
            if (node.Compensation is { } compensation && index.TryGetValue(compensation, out var target))
            {
                compensationOnly[target] = true;
            }
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            var key = $"plan.subtasks[{node.Id}]";
            var deps = new List<int>();
            foreach (var dependency in node.DependsOn ?? [])
            {
                if (string.Equals(dependency, node.Id, StringComparison.Ordinal))
                {
                    errors.Add(key, $"Subtask '{node.Id}' depends on itself.");
                }
                else if (!index.TryGetValue(dependency, out var d))
                {
                    errors.Add(key, $"Subtask '{node.Id}' depends on '{dependency}', which is not in the plan.");
                }
                else if (deps.Contains(d))
                {
                    errors.Add(key, $"Subtask '{node.Id}' lists '{dependency}' twice in dependsOn.");
                }
                else if (compensationOnly[d])
                {
                    errors.Add(key, $"Subtask '{node.Id}' depends on '{dependency}', which only runs as a compensation.");
                }
                else
                {
                    deps.Add(d);
                }
            }

            dependencies[i] = [.. deps];
            CheckNode(node, key, plan, catalog, index, compensationOnly[i], errors);
        }

        if (plan.MaxParallel is < 1)
        {
            errors.Add("plan.maxParallel", "maxParallel must be at least 1.");
        }

        foreach (var (group, limit) in plan.Groups ?? new Dictionary<string, int>())
        {
            if (limit < 1)
            {
                errors.Add($"plan.groups[{group}]", $"Group '{group}' needs a limit of at least 1.");
            }
        }

        if (plan.Result is { } result && !index.ContainsKey(result))
        {
            errors.Add("plan.result", $"The result subtask '{result}' is not in the plan.");
        }

        errors.ThrowIfInvalid();

        var dependents = Invert(dependencies);
        var order = TopologicalOrder(dependencies, dependents);
        if (order.Count < nodes.Length)
        {
            var cycle = FindCycle(dependencies, order);
            var inCycles = Enumerable.Range(0, nodes.Length).Where(i => !order.Contains(i)).Select(i => nodes[i].Id);
            errors.Add("plan.subtasks", $"The plan has a cycle: {string.Join(" → ", cycle.Select(i => nodes[i].Id))}. " +
                $"Subtasks on or behind a cycle: {string.Join(", ", inCycles)}.");
            errors.ThrowIfInvalid();
        }

        var depth = new int[nodes.Length];
        foreach (var i in order)
        {
            foreach (var d in dependencies[i])
            {
                depth[i] = Math.Max(depth[i], depth[d] + 1);
            }
        }

        var graph = new TaskGraph(plan, nodes, index, dependencies, dependents, depth, compensationOnly);
        graph.CheckReferences(inputs, errors);
        errors.ThrowIfInvalid();

        return graph;
    }

    /// <summary>Whether <paramref name="ancestor"/> must finish before <paramref name="node"/> starts.</summary>
    public bool IsAncestor(int ancestor, int node)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(Dependencies[node]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == ancestor)
            {
                return true;
            }

            if (seen.Add(current))
            {
                foreach (var d in Dependencies[current])
                {
                    stack.Push(d);
                }
            }
        }

        return false;
    }

    static void CheckNode(SubtaskSpec node, string key, TaskPlan plan, PlanCatalog catalog, Dictionary<string, int> index, bool compensationOnly, Validator errors)
    {
        var tool = node.Tool is null ? null : catalog.Tools.Find(node.Tool);
        if (node.Tool is not null && tool is null)
        {
            errors.Add(key, $"Subtask '{node.Id}' uses tool '{node.Tool}', which does not exist. Known tools: {string.Join(", ", catalog.Tools.All.Select(t => t.Name).Order(StringComparer.Ordinal))}.");
        }

        if (node.Capability is { } capability && !catalog.Capabilities.Contains(capability))
        {
            errors.Add(key, $"Subtask '{node.Id}' needs capability '{capability}', which no registered agent offers.");
        }

        if (tool?.Capability is { } toolCapability && !catalog.Capabilities.Contains(toolCapability))
        {
            errors.Add(key, $"Subtask '{node.Id}' uses tool '{tool.Name}', which needs capability '{toolCapability}' that no registered agent offers.");
        }

        if (node.Agent is { } agent && !catalog.Agents.Contains(agent))
        {
            errors.Add(key, $"Subtask '{node.Id}' names agent '{agent}', which is not registered.");
        }

        if (node.Selection == SelectionStrategy.Direct && node.Agent is null)
        {
            errors.Add(key, $"Subtask '{node.Id}' uses direct selection, which needs an agent.");
        }

        if (node.Selection == SelectionStrategy.ContractNet && node.Agent is not null)
        {
            errors.Add(key, $"Subtask '{node.Id}' uses contract-net selection, where bidding chooses the agent: drop 'agent', or use direct selection.");
        }

        if (node.ProposalSeconds is { } proposal && (node.Selection != SelectionStrategy.ContractNet || proposal is < 0.01 or > 300))
        {
            errors.Add(key, node.Selection != SelectionStrategy.ContractNet
                ? $"Subtask '{node.Id}' sets proposalSeconds, which only contract-net selection uses."
                : $"Subtask '{node.Id}': proposalSeconds must be between 0.01 and 300.");
        }

        if (node.Aggregate is { } aggregate)
        {
            var pure = aggregate.Strategy is not (AggregationStrategy.Reviewer or AggregationStrategy.Agent);
            if ((node.DependsOn?.Count ?? 0) == 0)
            {
                errors.Add(key, $"Subtask '{node.Id}' aggregates, so it needs dependencies whose outputs it combines.");
            }

            if (pure && node.Tool is not null)
            {
                errors.Add(key, $"Subtask '{node.Id}' aggregates with {aggregate.Strategy}, which runs no tool; remove 'tool' or use the reviewer or agent strategy.");
            }

            if (!pure && node.Tool is null)
            {
                errors.Add(key, $"Subtask '{node.Id}' aggregates with {aggregate.Strategy}, which needs a tool (a reviewer's prompt, say) to choose.");
            }

            if (aggregate.Escalate && aggregate.Strategy is not (AggregationStrategy.MajorityVote or AggregationStrategy.Quorum))
            {
                errors.Add(key, $"Subtask '{node.Id}' escalates, which only a majority-vote or quorum can: they are the strategies that can disagree.");
            }

            if (aggregate.Strategy == AggregationStrategy.Quorum && (aggregate.Quorum is not { } quorum || quorum < 1 || quorum > (node.DependsOn?.Count ?? 0)))
            {
                errors.Add(key, $"Subtask '{node.Id}' needs a quorum between 1 and its {node.DependsOn?.Count ?? 0} dependencies.");
            }
        }
        else if (node.Tool is null)
        {
            errors.Add(key, $"Subtask '{node.Id}' needs a tool to run (for example \"command\") or an aggregate of its dependencies.");
        }

        if (tool is not null && node.Input is { } input && !InputReferences.Find(input).Any())
        {
            foreach (var problem in tool.Validate(input))
            {
                errors.Add(key, $"Subtask '{node.Id}': {problem}");
            }
        }
        else if (tool is not null && node.Input is null && node.Aggregate is null)
        {
            foreach (var problem in tool.Validate(JsonSerializer.SerializeToElement(new { })))
            {
                errors.Add(key, $"Subtask '{node.Id}': {problem}");
            }
        }

        if (node.Retry is { } retry && (retry.MaxAttempts is < 1 or > 100 || retry.BackoffSeconds < 0 || retry.MaxBackoffSeconds < retry.BackoffSeconds))
        {
            errors.Add(key, $"Subtask '{node.Id}' has a retry policy out of range: maxAttempts 1–100, backoffSeconds ≥ 0, maxBackoffSeconds ≥ backoffSeconds.");
        }

        if (node.TimeoutSeconds is < 1)
        {
            errors.Add(key, $"Subtask '{node.Id}' needs a timeout of at least 1 second.");
        }

        if (node.OnFailure == FailureAction.Compensate)
        {
            if (node.Compensation is not { } compensation)
            {
                errors.Add(key, $"Subtask '{node.Id}' compensates on failure, so it needs 'compensation': the subtask to run then.");
            }
            else if (!index.TryGetValue(compensation, out _) || string.Equals(compensation, node.Id, StringComparison.Ordinal))
            {
                errors.Add(key, $"Subtask '{node.Id}' names compensation '{compensation}', which is not another subtask of the plan.");
            }
        }
        else if (node.Compensation is not null)
        {
            errors.Add(key, $"Subtask '{node.Id}' names a compensation but its onFailure is not 'compensate'.");
        }

        if (compensationOnly && (node.DependsOn?.Count ?? 0) > 0)
        {
            errors.Add(key, $"Subtask '{node.Id}' is a compensation, which runs when its subtask fails; it cannot have dependsOn.");
        }

        if (node.Group is { } group && plan.Groups is { } groups && !groups.ContainsKey(group))
        {
            errors.Add(key, $"Subtask '{node.Id}' is in group '{group}', which the plan's groups do not list.");
        }
    }

    void CheckReferences(IReadOnlyDictionary<string, JsonElement>? inputs, Validator errors)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            if (node.Input is not { } input)
            {
                continue;
            }

            foreach (var (scope, path) in InputReferences.Find(input))
            {
                var name = path.Split('.')[0];
                if (scope == "inputs" && (inputs is null || !inputs.ContainsKey(name)))
                {
                    errors.Add($"plan.subtasks[{node.Id}]", $"Subtask '{node.Id}' reads input '{name}', which the task does not give.");
                }
                else if (scope == "outputs" && (IndexOf(name) is var source && (source < 0 || !IsAncestor(source, i))))
                {
                    errors.Add($"plan.subtasks[{node.Id}]", source < 0
                        ? $"Subtask '{node.Id}' reads the output of '{name}', which is not in the plan."
                        : $"Subtask '{node.Id}' reads the output of '{name}' but does not depend on it (add it to dependsOn).");
                }
            }
        }
    }

    static int[][] Invert(int[][] dependencies)
    {
        var lists = new List<int>[dependencies.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }

        for (var i = 0; i < dependencies.Length; i++)
        {
            foreach (var d in dependencies[i])
            {
                lists[d].Add(i);
            }
        }

        return [.. lists.Select(list => list.ToArray())];
    }

    static List<int> TopologicalOrder(int[][] dependencies, int[][] dependents)
    {
        var remaining = dependencies.Select(d => d.Length).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, dependencies.Length).Where(i => remaining[i] == 0));
        var order = new List<int>(dependencies.Length);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            order.Add(node);
            foreach (var next in dependents[node])
            {
                if (--remaining[next] == 0)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return order;
    }

    /// <summary>One cycle among the nodes the topological sort could not place, as a closed path.</summary>
    static List<int> FindCycle(int[][] dependencies, List<int> ordered)
    {
        var placed = new HashSet<int>(ordered);
        var start = Enumerable.Range(0, dependencies.Length).First(i => !placed.Contains(i));
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var current = start;
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            // Every unplaced node has an unplaced dependency, so this walk stays among them and must close.
            current = dependencies[current].First(d => !placed.Contains(d));
        }

        var cycle = path.Skip(position[current]).ToList();
        cycle.Reverse();
        // Start at the node that comes first in the plan, so the message reads the same on every run.
        var first = cycle.IndexOf(cycle.Min());
        cycle = [.. cycle.Skip(first), .. cycle.Take(first)];
        cycle.Add(cycle[0]);
        return cycle;
    }
}
