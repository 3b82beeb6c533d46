namespace Lightning.Server.Endpoints.Git;

/// <summary>One setting where a branch's actual protection is not what was wanted.</summary>
public sealed record BranchProtectionDifference(string Setting, string Wanted, string Actual);
