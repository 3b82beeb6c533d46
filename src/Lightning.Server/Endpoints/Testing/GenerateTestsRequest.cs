namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>POST /api/v2/testing/generate</c>: <see cref="Repository"/> is a registered repository's name or (admins) a path in
/// the testing workspace, <see cref="Path"/> narrows to the project folder, <see cref="File"/> (relative to it) to one
/// source file; <see cref="Language"/> (python, javascript, csharp) when neither tells; <see cref="Max"/> candidates to try;
/// <see cref="UseModel"/> false for characterisation tests only.
/// </summary>
public sealed record GenerateTestsRequest(string? Repository, string? Path = null, string? File = null, string? Language = null, int? Max = null, bool? UseModel = null);
