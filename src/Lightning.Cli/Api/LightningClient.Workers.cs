using Lightning.Agents.Registry;

namespace Lightning.Cli.Api;

internal sealed partial class LightningClient
{
    public Task<ApiResult<AgentView>> UpdateAgentAsync(string name, AgentRegistration registration, CancellationToken cancellationToken) =>
        SendAsync<AgentRegistration, AgentView>(HttpMethod.Put, $"api/v2/agents/{Segment(name)}", registration, cancellationToken);

    public Task<ApiResult<AgentView>> HeartbeatAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<AgentView>(HttpMethod.Post, $"api/v2/agents/{Segment(name)}/heartbeat", cancellationToken);
}
