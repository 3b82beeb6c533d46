namespace Lightning.Server.Endpoints.Git;

/// <summary>A new branch <paramref name="Name"/> at <paramref name="StartPoint"/> (HEAD when null).</summary>
public sealed record CreateBranchRequest(string Name, string? StartPoint = null);
