namespace Lightning.Git.Repositories.Merging;

public enum GitResolutionSide
{
    /// <summary>Keep our version (stage 2); delete the file when we deleted it.</summary>
    Ours,

    /// <summary>Take their version (stage 3); delete the file when they deleted it.</summary>
    Theirs,

    /// <summary>Write the supplied text.</summary>
    Content,
}
