namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Push <paramref name="Refspecs"/> to <paramref name="Remote"/> (<c>origin</c> when null). Forcing goes only through
/// <paramref name="ForceWithLease"/>; <c>+</c> refspecs are refused by the service.
/// </summary>
public sealed record PushRequest(IReadOnlyList<string> Refspecs, string? Remote = null, bool ForceWithLease = false);
