namespace Lightning.Git.Releases;

/// <summary>A tag reachable from HEAD and the commit it points at (annotated tags peeled).</summary>
public sealed record ReachableTag(string Name, string CommitSha);
