namespace Lightning.Git.Repositories.Merging;

public enum GitApplyOutcome
{
    Done,

    /// <summary>Stopped on conflicts; resolve, then continue or abort.</summary>
    Conflicted,
}
