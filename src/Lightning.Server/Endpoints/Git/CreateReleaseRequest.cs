namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitHub release of <paramref name="Tag"/>. When the tag does not exist yet GitHub creates it at
/// <paramref name="Target"/> (a branch or commit sha; the default branch when absent).
/// </summary>
public sealed record CreateReleaseRequest(
    string Tag, string? Name = null, string? Body = null, bool? Draft = null, bool? Prerelease = null, string? Target = null);
