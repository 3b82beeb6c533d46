using System.Text.Json;

namespace Lightning.Collaboration.Patterns;

/// <summary>A blackboard key with every version it went through, oldest first.</summary>
public sealed record BlackboardEntryView(
    string Key, JsonElement? Value, long Version, DateTimeOffset UpdatedAt, string UpdatedBy, IReadOnlyList<BlackboardRevision> History);
