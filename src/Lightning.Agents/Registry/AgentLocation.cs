namespace Lightning.Agents.Registry;

public enum AgentLocation
{
    /// <summary>Runs inside the server process; commands run on the server's machine in the agent's workspace.</summary>
    InProcess,
    /// <summary>Runs commands on a remote host over SSH.</summary>
    Ssh,
}
