namespace Lightning.Git.Releases;

/// <summary>One commit as releases see it: who, when, the raw message and, when it is conventional, its parts.</summary>
public sealed record ReleaseCommit(
    string Sha,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthorDate,
    DateTimeOffset CommitDate,
    string Message)
{
    /// <summary>The message parsed as a Conventional Commit, or null when it is not one.</summary>
    public ConventionalCommit? Conventional { get; } = ConventionalCommitParser.TryParse(Message);

    /// <summary>The message parsed as git-cliff parses it (more leniently), for the git-cliff-compatible changelog.</summary>
    internal ConventionalCommit? GitCliffConventional => ConventionalCommitParser.ParseLikeGitCliff(Message).Commit;

    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary>The first line of the message.</summary>
    public string Subject => Message.Split('\n', 2)[0].TrimEnd('\r');
}
