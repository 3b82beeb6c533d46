namespace Lightning.Agents.Registry;

/// <summary>What a user sends to register or update an agent.</summary>
public sealed record AgentRegistration(
    string? Name,
    string? Role,
    string? Description,
    IReadOnlyList<string>? Capabilities,
    int? MaxConcurrency,
    AgentLocation? Location,
    SshTarget? Ssh,
    string? SystemPrompt);
