namespace Lightning.Agents.Registry;

public enum AgentStatus
{
    Idle,
    Busy,
    Offline,
}
