namespace Lightning.Server.Endpoints.Testing;

/// <summary><c>POST /api/v2/testing/select/maps</c>: the repository whose pytest projects get a per-test coverage map at their current state.</summary>
public sealed record BuildCoverageMapRequest(string? Repository, string? Path = null, int? TimeoutSeconds = null);
