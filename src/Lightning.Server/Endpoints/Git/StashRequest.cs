namespace Lightning.Server.Endpoints.Git;

public sealed record StashRequest(string? Message = null, bool IncludeUntracked = false);
