using System.CommandLine;
using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Monitoring.Storage.Embedded;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor restore FILE [--data DIR]</c>: replaces the embedded metric store of a stopped server with a backup (runs
/// here, not through a server). A store that another process holds open (a running server) is refused: DuckDB's file
/// lock says so, and replacing the file under it would lose what it writes next.
/// </summary>
internal sealed class MonitorRestoreCommand : Command
{
    readonly Argument<string> _file = new("FILE") { Description = "A backup made by 'monitor backup' (a .duckdb file)" };
    readonly Option<string> _data = new("--data") { Description = "The stopped server's data directory [default: $LIGHTNING_DATA or ./.lightning]", HelpName = "DIR" };

    public MonitorRestoreCommand(CliContext context)
        : base("restore", "Replace a stopped server's metric store with a backup (runs here; refused while the server runs)")
    {
        ArgumentNullException.ThrowIfNull(context);
        Add(_file);
        Add(_data);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var backup = Path.GetFullPath(parseResult.GetRequiredValue(_file));
            if (!File.Exists(backup)) throw CliException.Usage($"FILE: {backup} does not exist.");
            var data = Path.GetFullPath(parseResult.GetValue(_data) ?? context.Console.GetVariable("LIGHTNING_DATA") ?? ".lightning");
            var store = Path.Combine(data, EmbeddedMetricStore.DefaultFileName);
            if (File.Exists(store)) RefuseWhileOpen(store);
            try
            {
                await EmbeddedMetricStore.RestoreAsync(backup, store, cancellationToken: cancellationToken);
            }
            catch (LightningException ex)
            {
                throw new CliException(ex.Kind == ErrorKind.NotFound ? ExitCodes.NotFound : ExitCodes.InvalidRequest, ex.Message);
            }

            await context.Console.Output.WriteLineAsync($"Restored {store} from {backup}: {EmbeddedMetricStore.CountPoints(store):N0} points. Start the server to use it.");
            return ExitCodes.Ok;
        });
    }

    static void RefuseWhileOpen(string store)
    {
        try
        {
            using var probe = new DuckDBConnection($"Data Source={store}");
            probe.Open();
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.InvalidRequest, $"the metric store {store} is in use (is the server running?): stop it, then restore.");
        }
    }
}
