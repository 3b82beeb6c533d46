namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Commit what is staged, with <paramref name="Message"/> or, when <paramref name="Generate"/> is set, the message the
/// commit-message generator writes from the staged diff (one of the two).
/// </summary>
public sealed record CommitRequest(string? Message = null, bool Generate = false, bool AllowEmpty = false, bool Amend = false);
