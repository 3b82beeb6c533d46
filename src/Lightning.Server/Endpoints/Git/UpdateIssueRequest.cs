namespace Lightning.Server.Endpoints.Git;

/// <summary>Changes to an issue; a null member is left as it is. <paramref name="State"/> is <c>open</c> or <c>closed</c>; <paramref name="Labels"/> replaces every label.</summary>
public sealed record UpdateIssueRequest(string? Title = null, string? Body = null, string? State = null, IReadOnlyList<string>? Labels = null);
