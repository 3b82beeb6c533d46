namespace Lightning.Git.Repositories.Merging;

/// <summary>Which index stages a conflicted path has (1 base, 2 ours, 3 theirs), as <c>git status</c> names them.</summary>
public enum GitConflictKind
{
    /// <summary>Stages 1, 2 and 3: changed on both sides.</summary>
    BothModified,

    /// <summary>Stages 2 and 3: added on both sides with different content.</summary>
    AddedByBoth,

    /// <summary>Stages 1 and 3: we deleted it, they changed it.</summary>
    DeletedByUs,

    /// <summary>Stages 1 and 2: they deleted it, we changed it.</summary>
    DeletedByThem,

    /// <summary>Stage 2 only (a rename on our side collided).</summary>
    AddedByUs,

    /// <summary>Stage 3 only.</summary>
    AddedByThem,

    /// <summary>Stage 1 only (renamed differently on both sides).</summary>
    DeletedByBoth,
}
