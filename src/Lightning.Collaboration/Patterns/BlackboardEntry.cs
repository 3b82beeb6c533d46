using System.Text.Json;

namespace Lightning.Collaboration.Patterns;

/// <summary>One key of a collaboration's blackboard as it stands: its value, its version (1 after the first write) and who wrote it last.</summary>
public sealed record BlackboardEntry(string Key, JsonElement? Value, long Version, DateTimeOffset UpdatedAt, string UpdatedBy);
