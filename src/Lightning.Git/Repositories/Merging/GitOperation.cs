namespace Lightning.Git.Repositories.Merging;

/// <summary>The multi-step operation a repository is in the middle of, read from the markers git keeps in its directory.</summary>
public enum GitOperation
{
    None,
    Merge,
    CherryPick,
    Revert,
    Rebase,
}
