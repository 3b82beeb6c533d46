namespace Lightning.Agents.Registry;

/// <summary>
/// A specialist role whose built-in agent the platform has added once. Recorded so that a role added by an upgrade gets
/// its agent on an existing install, while an agent a user deleted is not brought back at the next start.
/// </summary>
public sealed class SeededRoleEntity
{
    public required string Role { get; set; }

    public DateTimeOffset SeededAt { get; set; }
}
