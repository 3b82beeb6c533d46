using System.Text.Json.Serialization;

namespace Lightning.Git.Repositories;

/// <summary>How a file differs between two sides (HEAD, index, worktree or two commits).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GitChangeKind>))]
public enum GitChangeKind
{
    Unmodified,
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
    TypeChanged,
    Untracked,
    Unmerged,
}
