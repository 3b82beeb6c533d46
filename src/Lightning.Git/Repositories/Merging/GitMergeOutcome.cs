namespace Lightning.Git.Repositories.Merging;

public enum GitMergeOutcome
{
    /// <summary>The source was already part of the current branch; nothing changed.</summary>
    UpToDate,
    FastForwarded,

    /// <summary>A merge commit was made.</summary>
    Merged,

    /// <summary>The merge stopped on conflicts and is in progress: resolve, then continue or abort.</summary>
    Conflicted,
}
