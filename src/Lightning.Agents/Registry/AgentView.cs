namespace Lightning.Agents.Registry;

/// <summary>An agent as the API shows it, with its live status.</summary>
public sealed record AgentView(
    string Name,
    string Role,
    string Description,
    IReadOnlyList<string> Capabilities,
    int MaxConcurrency,
    AgentLocation Location,
    SshTarget? Ssh,
    AgentStatus Status,
    int RunningActions,
    DateTimeOffset? LastHeartbeatAt,
    bool BuiltIn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
