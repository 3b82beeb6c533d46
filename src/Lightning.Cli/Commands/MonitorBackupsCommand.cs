using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor backups</c>: the metric store's backups on the server, newest first.</summary>
internal sealed class MonitorBackupsCommand : ServerCommand
{
    public MonitorBackupsCommand(CliContext context)
        : base("backups", "List the metric store's backups (calls the server)", context)
    {
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var backups = await invocation.Client.ListBackupsAsync(cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, backups.Json);
            return ExitCodes.Ok;
        }

        if (backups.Value.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No backups.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("NAME", "CREATED", "POINTS", "BYTES");
        foreach (var backup in backups.Value)
            table.Add(backup.Name, Formats.Time(backup.CreatedAt), backup.Points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), backup.Bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
