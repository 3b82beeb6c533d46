namespace Lightning.Server.Endpoints.Testing;

/// <summary><c>POST /generate/{id}/accept</c> and <c>/reject</c>: the kept candidates to act on by id (<c>c3</c>); all of them when empty.</summary>
public sealed record ReviewGeneratedTestsRequest(IReadOnlyList<string>? Candidates = null);
