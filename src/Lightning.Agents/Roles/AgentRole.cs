namespace Lightning.Agents.Roles;

/// <summary>A specialist role: what it is good at, and the system prompt its LLM steps answer with.</summary>
public sealed record AgentRole(string Name, string Title, string Description, IReadOnlyList<string> Capabilities, string SystemPrompt);
