using System.Text.Json;

namespace Lightning.Collaboration.Patterns;

/// <summary>One write of a blackboard key: the version it made, the value, who wrote it and from which subtask.</summary>
public sealed record BlackboardRevision(long Version, JsonElement? Value, DateTimeOffset WrittenAt, string WrittenBy, string? Subtask);
