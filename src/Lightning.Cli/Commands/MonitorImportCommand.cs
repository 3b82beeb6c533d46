using System.CommandLine;
using System.IO.Compression;
using System.Text;
using Lightning.Cli.Api;
using Lightning.Monitoring.Querying;
using Lightning.Server.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor import FILE|-</c>: writes a line-protocol file (<c>.gz</c> accepted) through the server in chunks of
/// whole lines, and stops at the first chunk with a refused line, naming its line number in the file.
/// <c>monitor import --from-influx URL --database DB</c>: a migration job on the server, followed until it ends.
/// </summary>
internal sealed class MonitorImportCommand : ServerCommand
{
    /// <summary>Chunks stay well under the server's body limit (32 MiB by default).</summary>
    internal const int ChunkBytes = 4 * 1024 * 1024;

    readonly Argument<string?> _file = new("FILE") { Description = "A line-protocol file (.gz accepted), or - for stdin", Arity = ArgumentArity.ZeroOrOne };
    readonly InfluxMigrationOptions _influx = new("from-influx", "--from-influx", "Copy from this InfluxDB 1.x server instead (http://host:8086)");
    readonly Option<string> _from = new("--from") { Description = "Only points from this time (with --from-influx)", HelpName = "TIME" };
    readonly Option<string> _to = new("--to") { Description = "Only points before this time (with --from-influx)", HelpName = "TIME" };

    public MonitorImportCommand(CliContext context)
        : base("import", "Import line protocol from a file or stdin, or copy an InfluxDB 1.x database (calls the server; needs an admin key)", context)
    {
        Add(_file);
        _influx.AddTo(this);
        Add(_from);
        Add(_to);
        Validators.Add(result =>
        {
            var influx = _influx.Validate(result);
            if (influx == (result.GetValue(_file) is not null)) result.AddError("Give a FILE (or - for stdin), or --from-influx URL --database DB.");
            if (!influx && (result.GetValue(_from) ?? result.GetValue(_to)) is not null) result.AddError("--from and --to go with --from-influx.");
            try
            {
                if (result.GetValue(_from) is { } from) MetricQueryText.ParseTime(from, DateTimeOffset.UtcNow, "--from");
                if (result.GetValue(_to) is { } to) MetricQueryText.ParseTime(to, DateTimeOffset.UtcNow, "--to");
            }
            catch (Lightning.Core.Errors.ValidationFailedException ex)
            {
                result.AddError(string.Join(" ", ex.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}")));
            }
        });
    }

    protected override Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken) =>
        invocation.Value(_influx.Url) is not null
            ? _influx.RunAsync(invocation, null, InfluxMigrationOptions.Time(invocation.Value(_from), DateTimeOffset.UtcNow, "--from"),
                InfluxMigrationOptions.Time(invocation.Value(_to), DateTimeOffset.UtcNow, "--to"), cancellationToken)
            : ImportFileAsync(invocation, invocation.Value(_file)!, cancellationToken);

    static async Task<int> ImportFileAsync(ServerInvocation invocation, string file, CancellationToken cancellationToken)
    {
        using var reader = Open(invocation, file);
        var chunk = new StringBuilder();
        var chunkFirstLine = 1;
        var nextLine = 1;
        long written = 0;
        var lines = 0L;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            chunk.Append(line).Append('\n');
            nextLine++;
            if (chunk.Length < ChunkBytes) continue;
            var sent = await SendAsync(invocation, chunk, chunkFirstLine, cancellationToken);
            if (sent.Failed is not null) return await ReportAsync(invocation, sent.Failed, written + sent.Written);
            written += sent.Written;
            lines += sent.Lines;
            chunk.Clear();
            chunkFirstLine = nextLine;
        }

        if (chunk.Length > 0)
        {
            var sent = await SendAsync(invocation, chunk, chunkFirstLine, cancellationToken);
            if (sent.Failed is not null) return await ReportAsync(invocation, sent.Failed, written + sent.Written);
            written += sent.Written;
            lines += sent.Lines;
        }

        await invocation.Output.WriteLineAsync($"Imported {written:N0} points from {lines:N0} lines of {(file == "-" ? "stdin" : file)}.");
        return ExitCodes.Ok;
    }

    static async Task<(int Written, int Lines, string? Failed)> SendAsync(ServerInvocation invocation, StringBuilder chunk, int firstLine, CancellationToken cancellationToken)
    {
        var outcome = await invocation.Client.ImportLineProtocolAsync(Encoding.UTF8.GetBytes(chunk.ToString()), cancellationToken);
        if (outcome.Rejected == 0) return (outcome.Written, outcome.Lines, null);
        var first = outcome.Errors.Count > 0 ? $"line {outcome.Errors[0].Line + firstLine - 1}: {outcome.Errors[0].Reason}" : outcome.Message ?? "a line was refused";
        var more = outcome.Rejected > 1 ? $" (and {outcome.Rejected - 1} more refused lines in the same chunk)" : string.Empty;
        return (outcome.Written, outcome.Lines, first + more);
    }

    static async Task<int> ReportAsync(ServerInvocation invocation, string failure, long written)
    {
        await invocation.Error.WriteLineAsync($"error: {failure}; {written:N0} points were written (the good lines of that chunk included), the rest of the file was not sent.");
        return ExitCodes.InvalidRequest;
    }

    static TextReader Open(ServerInvocation invocation, string file)
    {
        if (file == "-") return invocation.Console.Input;
        try
        {
            Stream stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
            return new StreamReader(stream, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read FILE '{file}': {ex.Message}");
        }
    }
}
