namespace Lightning.Collaboration.Patterns;

/// <summary>
/// How a write ended. <see cref="Conflict"/>: the compare-and-set found <see cref="Version"/>, not the expected version,
/// and nothing was written. <see cref="Replayed"/>: a write with the same idempotency key had already been made, and
/// <see cref="Version"/> is the version it made. <see cref="Announced"/>: its message is already in the collaboration's log.
/// </summary>
public sealed record BlackboardWriteResult(string Key, long Version, bool Conflict, bool Replayed, bool Announced, long? ExpectedVersion);
