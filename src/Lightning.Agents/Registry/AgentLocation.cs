namespace Lightning.Agents.Registry;

public enum AgentLocation
{
    /// <summary>Runs inside the server process; commands run on the server's machine in the agent's workspace.</summary>
    InProcess,
    /// <summary>Runs commands on a remote host over SSH.</summary>
    Ssh,
    /// <summary>A <c>lightning worker</c> process: it registers and heartbeats through the API and takes its subtasks from the message bus.</summary>
    Worker,
}
