namespace Lightning.Testing.Flaky;

/// <summary>A quarantined test as the API and the CLI show it; <see cref="Active"/> is false once it expired.</summary>
public sealed record QuarantinedTest(
    string Repository, string Id, string Reason, string QuarantinedBy, DateTimeOffset QuarantinedAt, DateTimeOffset? ExpiresAt, bool Active)
{
    internal static QuarantinedTest From(QuarantineEntity entity, DateTimeOffset now) => new(
        entity.Repository, entity.CaseId, entity.Reason, entity.QuarantinedBy, entity.QuarantinedAt, entity.ExpiresAt,
        entity.ExpiresAt is not { } expiry || expiry > now);
}
