namespace Lightning.Server.Endpoints.Git;

public sealed record RenameBranchRequest(string NewName);
