namespace Lightning.Git.Repositories.Merging;

/// <summary>How to resolve one conflicted file; <see cref="Content"/> is used only with <see cref="GitResolutionSide.Content"/>.</summary>
public sealed record GitResolution(GitResolutionSide Side, string? Content = null)
{
    public static GitResolution Ours { get; } = new(GitResolutionSide.Ours);

    public static GitResolution Theirs { get; } = new(GitResolutionSide.Theirs);

    public static GitResolution WithContent(string content) => new(GitResolutionSide.Content, content);
}
