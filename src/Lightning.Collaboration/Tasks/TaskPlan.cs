namespace Lightning.Collaboration.Tasks;

/// <summary>
/// A dependency graph of subtasks. <see cref="MaxParallel"/> caps how many run at once in this collaboration;
/// <see cref="Groups"/> caps named groups (a fan-out, say) further. <see cref="Result"/> names the subtask whose output
/// is the collaboration's result; without it the result holds every sink's output.
/// </summary>
public sealed record TaskPlan
{
    public IReadOnlyList<SubtaskSpec> Subtasks { get; init; } = [];

    public int? MaxParallel { get; init; }

    public IReadOnlyDictionary<string, int>? Groups { get; init; }

    public string? Result { get; init; }

    /// <summary>
    /// <see cref="WorkspaceMode.Shared"/>: every subtask's files and commands are in one directory of the collaboration
    /// (clone in one subtask, test in the next, on any in-process agent); <see cref="WorkspaceMode.Agent"/> (default): each
    /// agent's own workspace.
    /// </summary>
    public WorkspaceMode? Workspace { get; init; }
}

public enum WorkspaceMode
{
    Agent,
    Shared,
}
