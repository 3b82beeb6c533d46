namespace Lightning.Git.Repositories;

/// <summary>
/// A tag. <see cref="TargetSha"/> is the commit it points at (through the annotation for an annotated tag); message and
/// tagger are set only for annotated tags.
/// </summary>
public sealed record GitTag(
    string Name,
    bool IsAnnotated,
    string TargetSha,
    string? Message,
    string? TaggerName,
    string? TaggerEmail,
    DateTimeOffset? TaggedWhen);
