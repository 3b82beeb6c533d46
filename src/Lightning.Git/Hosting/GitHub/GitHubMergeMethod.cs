namespace Lightning.Git.Hosting.GitHub;

public enum GitHubMergeMethod
{
    Merge,
    Squash,
    Rebase,
}
