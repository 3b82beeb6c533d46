namespace Lightning.Git.Hosting.GitLab;

/// <summary>Where a diff note sits.</summary>
public sealed record GitLabNotePosition
{
    public string? PositionType { get; init; }

    public string? NewPath { get; init; }

    public int? NewLine { get; init; }

    public string? OldPath { get; init; }

    public int? OldLine { get; init; }
}
