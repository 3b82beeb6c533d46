using System.Text.Json;

namespace Lightning.Collaboration.Tasks;

/// <summary>
/// One node of a plan: which agent runs it (<see cref="Capability"/>, or a named <see cref="Agent"/>, chosen by
/// <see cref="Selection"/>), what it runs (<see cref="Tool"/> with <see cref="Input"/>), after what
/// (<see cref="DependsOn"/>), and what happens when it fails. A node with <see cref="Aggregate"/> and no tool combines
/// its dependencies' outputs without an agent.
/// </summary>
public sealed record SubtaskSpec
{
    public string Id { get; init; } = string.Empty;

    public string? Title { get; init; }

    public string? Capability { get; init; }

    public string? Agent { get; init; }

    public string? Tool { get; init; }

    /// <summary>The tool's input. Strings may hold <c>${inputs.x}</c> and <c>${outputs.id.path}</c>; a string that is only one reference becomes the referenced JSON value.</summary>
    public JsonElement? Input { get; init; }

    public IReadOnlyList<string>? DependsOn { get; init; }

    public SelectionStrategy? Selection { get; init; }

    /// <summary>With <see cref="SelectionStrategy.ContractNet"/>: how long agents have to propose (default 2 s).</summary>
    public double? ProposalSeconds { get; init; }

    public RetryPolicy? Retry { get; init; }

    public FailureAction? OnFailure { get; init; }

    /// <summary>With <see cref="FailureAction.Compensate"/>: the subtask to run when this one fails for good. It runs only then.</summary>
    public string? Compensation { get; init; }

    public AggregationSpec? Aggregate { get; init; }

    /// <summary>The branch waits here until someone approves (or rejects) through the API, CLI or dashboard.</summary>
    public bool RequiresApproval { get; init; }

    public string? Group { get; init; }

    public int? TimeoutSeconds { get; init; }
}
