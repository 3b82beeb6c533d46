namespace Lightning.Agents.Registry;

/// <summary>The stored form of an agent. The name is its identity.</summary>
public sealed class AgentEntity
{
    public required string Name { get; set; }

    public required string Role { get; set; }

    public string Description { get; set; } = string.Empty;

    public List<string> Capabilities { get; set; } = [];

    public int MaxConcurrency { get; set; } = 1;

    public AgentLocation Location { get; set; }

    public string? SshHost { get; set; }

    public int? SshPort { get; set; }

    public string? SshUser { get; set; }

    public string? SshPrivateKeyPath { get; set; }

    /// <summary>Overrides the role's system prompt for LLM steps.</summary>
    public string? SystemPrompt { get; set; }

    public bool BuiltIn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
