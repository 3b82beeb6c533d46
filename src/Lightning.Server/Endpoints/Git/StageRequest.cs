namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Files or folders to stage or unstage, or <paramref name="All"/>. Exactly one of them: an empty body must not
/// quietly mean "everything".
/// </summary>
public sealed record StageRequest(IReadOnlyList<string>? Paths = null, bool All = false);
