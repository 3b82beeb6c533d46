namespace Lightning.Git.Releases;

/// <summary>The outcome of parsing one message: the commit when it is conventional, otherwise why it is not.</summary>
public sealed record ConventionalCommitParseResult(ConventionalCommit? Commit, string? Reason)
{
    public bool IsConventional => Commit is not null;
}
