namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>POST /api/v2/testing/detect</c>: <see cref="Repository"/> is a registered repository's name or (admins) a path in
/// the testing workspace; <see cref="Path"/> narrows to a folder inside it; <see cref="Probe"/> (default true) also
/// checks each framework's tools and names the package to install when one is missing.
/// </summary>
public sealed record DetectTestsRequest(string? Repository, string? Path = null, bool? Probe = null);
