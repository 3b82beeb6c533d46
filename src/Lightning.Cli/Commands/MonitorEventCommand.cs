using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor event</c>: record platform events (deployments, configuration changes, rollbacks).</summary>
internal sealed class MonitorEventCommand : Command
{
    public MonitorEventCommand(CliContext context)
        : base("event", "Record platform events that root-cause hints and chart markers use (calls the server)")
    {
        Add(new MonitorEventAddCommand(context));
    }
}
