using System.ComponentModel.DataAnnotations;

namespace Lightning.Agents;

/// <summary>Limits and timings of agents and their actions. Bound from <c>Lightning:Agents</c>.</summary>
public sealed class AgentsOptions
{
    public const string SectionName = "Lightning:Agents";

    [Range(1, 86_400)]
    public int DefaultTimeoutSeconds { get; set; } = 600;

    [Range(1, 86_400)]
    public int MaxTimeoutSeconds { get; set; } = 3_600;

    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>How often in-process agents beat and SSH hosts are probed.</summary>
    [Range(1, 3_600)]
    public int HeartbeatIntervalSeconds { get; set; } = 10;

    /// <summary>An agent not heard from in this many intervals is offline.</summary>
    [Range(2, 100)]
    public int MissedHeartbeatsBeforeOffline { get; set; } = 3;

    /// <summary>Seconds an SSH connection may take before the host counts as unreachable.</summary>
    [Range(1, 600)]
    public int SshConnectTimeoutSeconds { get; set; } = 10;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatIntervalSeconds);
}
