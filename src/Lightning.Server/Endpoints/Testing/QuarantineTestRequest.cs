namespace Lightning.Server.Endpoints.Testing;

/// <summary><c>POST /api/v2/testing/quarantine</c>: quarantine test <see cref="Id"/> of <see cref="Repository"/>, saying why, optionally until <see cref="ExpiresAt"/>.</summary>
public sealed record QuarantineTestRequest(string? Repository, string? Id, string? Reason, DateTimeOffset? ExpiresAt = null);
