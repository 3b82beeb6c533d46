using System.Text.Json;

namespace Lightning.Collaboration.Replay;

/// <summary>Where to fork a finished collaboration, and what to change there: the agent, the input, or neither (run it again).</summary>
public sealed record ForkRequest(string Subtask, string? Agent = null, JsonElement? Input = null);
