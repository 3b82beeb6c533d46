namespace Lightning.Git.Hosting;

/// <summary>A comment on one line of a change's diff: <paramref name="Line"/> counts in the new version of the file.</summary>
public sealed record ReviewComment(string Path, int Line, string Body);
