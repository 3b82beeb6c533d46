using Lightning.Agents.Registry;

namespace Lightning.Cli.Output;

/// <summary>How an agent reads in human output.</summary>
internal static class AgentText
{
    public static string Location(AgentView agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Location == AgentLocation.Ssh && agent.Ssh is { } ssh
            ? $"ssh {ssh.User}@{ssh.Host}:{ssh.Port}"
            : Formats.Kebab(agent.Location);
    }

    public static void WriteDetails(TextWriter writer, AgentView agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var details = new DetailList()
            .Add("Name", agent.Name)
            .Add("Role", agent.Role)
            .Add("Description", agent.Description)
            .Add("Status", Formats.Kebab(agent.Status))
            .Add("Location", Location(agent));
        if (agent.Ssh is { } ssh)
        {
            details.Add("SSH key", ssh.PrivateKeyPath + " (on the server)");
        }

        details
            .Add("Capabilities", string.Join(", ", agent.Capabilities))
            .Add("Running", $"{agent.RunningActions} of at most {agent.MaxConcurrency}")
            .Add("Last heartbeat", Formats.TimeWithSeconds(agent.LastHeartbeatAt))
            .Add("Built in", agent.BuiltIn ? "yes" : "no")
            .Add("Created", Formats.Time(agent.CreatedAt))
            .Add("Updated", Formats.Time(agent.UpdatedAt))
            .Write(writer);
    }
}
