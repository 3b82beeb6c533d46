namespace Lightning.Git.Repositories;

/// <summary>One line of a file with the commit that last changed it and that commit's author.</summary>
public sealed record GitBlameLine(
    int LineNumber,
    string Sha,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthorWhen,
    string Content);
