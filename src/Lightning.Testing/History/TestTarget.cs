using Lightning.Core.Workspaces;

namespace Lightning.Testing.History;

/// <summary>
/// Where a run's tests are: <see cref="Path"/> inside <see cref="Workspace"/>, the only directory the run may read.
/// <see cref="Repository"/> is how history names it: a registered repository's name, or the path.
/// </summary>
public sealed record TestTarget(Workspace Workspace, string Path, string Repository)
{
    /// <summary>The directory on disk; <c>workspace.path_rejected</c> when the path leads out of the workspace.</summary>
    public string FullPath => Workspace.Resolve(Path);
}
