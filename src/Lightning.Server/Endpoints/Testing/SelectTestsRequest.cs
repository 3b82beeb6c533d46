namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>POST /api/v2/testing/select</c> (and <c>select</c> in <c>POST /runs</c>): the repository (as for runs), the
/// changes (<see cref="Base"/> to <see cref="Head"/>, HEAD by default; the working tree against HEAD without a base),
/// <see cref="Mode"/> <c>safe</c> (default) or <c>fast</c>, and fast mode's <see cref="Confidence"/> (0-1, default 0.9).
/// </summary>
public sealed record SelectTestsRequest(
    string? Repository,
    string? Path = null,
    string? Base = null,
    string? Head = null,
    string? Mode = null,
    double? Confidence = null);
