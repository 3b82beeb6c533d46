using Lightning.Git.Repositories.Merging;

namespace Lightning.Server.Endpoints.Git;

/// <summary>The operation an abort stopped; HEAD, index and worktree are as they were before it started.</summary>
public sealed record AbortResult(GitOperation Aborted);
