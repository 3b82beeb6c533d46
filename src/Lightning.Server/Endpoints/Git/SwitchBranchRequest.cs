namespace Lightning.Server.Endpoints.Git;

/// <summary>Check out <paramref name="Branch"/>; with <paramref name="Create"/>, make it first at <paramref name="StartPoint"/> (HEAD when null).</summary>
public sealed record SwitchBranchRequest(string Branch, bool Create = false, string? StartPoint = null);
