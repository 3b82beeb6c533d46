using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lightning.Agents.Registry;

/// <summary>
/// Keeps agent status true: in-process agents beat while this server runs; an SSH agent beats when its host
/// accepts a TCP connection on its SSH port. Agents that stop beating turn offline.
/// </summary>
public sealed class AgentHeartbeatService(AgentRegistry registry, AgentActivity activity, TimeProvider timeProvider, IOptions<AgentsOptions> options)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, timeProvider);
        do
        {
            await BeatOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task BeatOnceAsync(CancellationToken cancellationToken)
    {
        var agents = await registry.ListAsync(cancellationToken);
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (agent, token) =>
        {
            if (agent.Location == AgentLocation.InProcess || (agent.Ssh is { } ssh && await ReachableAsync(ssh, token)))
            {
                activity.Beat(agent.Name);
            }
        });
    }

    async Task<bool> ReachableAsync(SshTarget target, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Min(options.Value.SshConnectTimeoutSeconds, options.Value.HeartbeatIntervalSeconds)));
        try
        {
            await client.ConnectAsync(target.Host, target.Port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
