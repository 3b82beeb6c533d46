using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor backup</c>: a consistent snapshot of the server's embedded metric store, in its data directory.</summary>
internal sealed class MonitorBackupCommand : ServerCommand
{
    public MonitorBackupCommand(CliContext context)
        : base("backup", "Back up the metric store into the server's data directory (calls the server; needs an admin key)", context)
    {
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var backup = await invocation.Client.CreateBackupAsync(cancellationToken);
        if (invocation.Json)
        {
            Output.JsonOutput.Write(invocation.Output, backup.Json);
            return ExitCodes.Ok;
        }

        await invocation.Output.WriteLineAsync($"Backup {backup.Value.Name}: {backup.Value.Points:N0} points, {backup.Value.Bytes:N0} bytes.");
        return ExitCodes.Ok;
    }
}
