using System.Text.Json;

namespace Lightning.Collaboration.Patterns;

/// <summary>
/// A write to a collaboration's blackboard. With <see cref="ExpectedVersion"/> it is a compare-and-set (0 means "the
/// key must not exist yet"); without, a blind write. <see cref="IdempotencyKey"/> makes a repeated write (a retry, a
/// resume after a crash) return the version the first one made instead of writing again.
/// </summary>
public sealed record BlackboardWrite(
    string Collaboration, string Key, JsonElement Value, long? ExpectedVersion, string WrittenBy, string? Subtask = null, string? IdempotencyKey = null);
