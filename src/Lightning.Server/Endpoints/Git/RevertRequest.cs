namespace Lightning.Server.Endpoints.Git;

/// <summary>Undo <paramref name="Commit"/>; <paramref name="Mainline"/> (1-based parent) is needed for a merge commit.</summary>
public sealed record RevertRequest(string Commit, int? Mainline = null);
