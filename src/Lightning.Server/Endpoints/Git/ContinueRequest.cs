namespace Lightning.Server.Endpoints.Git;

/// <summary>The commit message for the commit that concludes the operation; git's prepared one when null.</summary>
public sealed record ContinueRequest(string? Message = null);
