namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitHub Actions workflow run or a GitLab pipeline, in the fields both have. <paramref name="Status"/> is the
/// provider's own word (GitHub: queued, in_progress, completed, ...; GitLab: pending, running, success, failed, ...);
/// <paramref name="Completed"/> says in either vocabulary whether it finished, and <paramref name="Conclusion"/> how
/// (GitHub's conclusion, or GitLab's final status). <paramref name="Name"/> (the workflow's) and
/// <paramref name="Attempt"/> are GitHub's only; <paramref name="Event"/> is what started it (GitHub event, GitLab source).
/// </summary>
public sealed record PipelineView(
    string Provider,
    long Id,
    string? Name,
    string Ref,
    string Sha,
    string? Event,
    string Status,
    string? Conclusion,
    bool Completed,
    long? Attempt,
    string Url,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);
