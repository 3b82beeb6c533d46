namespace Lightning.Server.Endpoints.Git;

/// <summary>One job of a GitLab pipeline; <paramref name="DurationSeconds"/> is null until it ran.</summary>
public sealed record PipelineJobView(long Id, string Name, string Stage, string Status, string? Ref, double? DurationSeconds, string? Url);
