using System.Text.Json.Nodes;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary>The server's overview (<c>/api/v2/status</c>) and readiness (<c>/health/ready</c>); exits 1 when it is not ready.</summary>
internal sealed class StatusCommand(CliContext context)
    : ServerCommand("status", "Show the server's version, database, agents and readiness (calls the server)", context)
{
    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        // Readiness first: it needs no key, so an unreachable server and a wrong key read as different problems.
        var readiness = await invocation.Client.GetReadinessAsync(cancellationToken);
        var status = await invocation.Client.GetStatusAsync(cancellationToken);
        var exitCode = readiness.Ready ? ExitCodes.Ok : ExitCodes.Failure;
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, new JsonObject
            {
                ["server"] = invocation.Client.Server.AbsoluteUri,
                ["ready"] = readiness.Ready,
                ["health"] = readiness.Report,
                ["status"] = JsonOutput.Node(status.Json),
            });
            return exitCode;
        }

        var value = status.Value;
        var agents = value.Agents;
        new DetailList()
            .Add("Server", $"{invocation.Client.Server.AbsoluteUri} ({(readiness.Ready ? "ready" : "not ready: " + readiness.Report)})")
            .Add("Version", value.Version)
            .Add("Started", Formats.TimeWithSeconds(value.StartedAt))
            .Add("Database", value.Database)
            .Add("Agents", $"{agents.Total} ({agents.Idle} idle, {agents.Busy} busy, {agents.Offline} offline)")
            .Add("Running", $"{value.RunningActions} action(s)")
            .Add("Model", value.Model.Configured ? value.Model.Name ?? "configured" : "not configured")
            .Add("You", $"{value.Caller.Name} ({value.Caller.Role})")
            .Write(invocation.Output);
        return exitCode;
    }
}
