namespace Lightning.Git.Repositories;

/// <summary>
/// A commit. <see cref="Subject"/> is the first paragraph of the message on one line (as <c>git log --format=%s</c>),
/// <see cref="Body"/> what follows it, <see cref="Message"/> the whole message without trailing newlines.
/// </summary>
public sealed record GitCommit(
    string Sha,
    IReadOnlyList<string> Parents,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthorWhen,
    string CommitterName,
    string CommitterEmail,
    DateTimeOffset CommitterWhen,
    string Subject,
    string Body,
    string Message);
