using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor</c>: performance monitoring through a server: queries and alerts.</summary>
internal sealed class MonitorCommand : Command
{
    public MonitorCommand(CliContext context)
        : base("monitor", "Performance monitoring: top, metric queries, export and import, backups, alerts, acknowledgments, rule backtests, routing tests, analyses and platform events (calls the server)")
    {
        Add(new MonitorQueryCommand(context));
        Add(new MonitorAlertsCommand(context));
        Add(new MonitorAckCommand(context));
        Add(new MonitorBacktestCommand(context));
        Add(new MonitorRouteCommand(context));
        Add(new MonitorTopCommand(context));
        Add(new MonitorExportCommand(context));
        Add(new MonitorImportCommand(context));
        Add(new MonitorBackupCommand(context));
        Add(new MonitorBackupsCommand(context));
        Add(new MonitorRestoreCommand(context));
        Add(new MonitorAnalyzeCommand(context));
        Add(new MonitorEventCommand(context));
        Add(new MonitorEventsCommand(context));
    }
}
