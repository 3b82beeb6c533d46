namespace Lightning.Git.Repositories.Merging;

/// <summary>
/// One stash entry; <see cref="Index"/> is its position (<c>stash@{Index}</c>), which shifts when a newer entry is
/// dropped. <see cref="Branch"/> is where it was made, when git recorded one.
/// </summary>
public sealed record GitStashEntry(int Index, string Commit, string Message, string? Branch, DateTimeOffset CreatedAt);
