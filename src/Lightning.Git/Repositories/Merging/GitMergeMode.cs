namespace Lightning.Git.Repositories.Merging;

/// <summary>How a merge may move the current branch.</summary>
public enum GitMergeMode
{
    /// <summary>Fast-forward when the current branch is behind the source, else a three-way merge commit.</summary>
    Auto,

    /// <summary>Only a fast-forward; anything else is refused with <c>git.not_fast_forward</c> and nothing changes.</summary>
    FastForwardOnly,

    /// <summary>Always a merge commit, even when a fast-forward would do.</summary>
    NoFastForward,
}
