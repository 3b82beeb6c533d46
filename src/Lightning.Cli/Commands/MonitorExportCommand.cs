using System.CommandLine;
using System.Text;
using Lightning.Monitoring.Querying;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor export MEASUREMENT [--where] [--from] [--to] [--format csv|parquet|lp] [-o FILE]</c>: streams stored
/// points from the server to a file (written beside it under a temporary name and renamed when complete, so a failed
/// export leaves no file) or to stdout. <c>monitor export [MEASUREMENT] --to-influx URL --database DB</c>: a migration
/// job on the server copies the store (or that measurement) into an InfluxDB 1.x database, followed until it ends.
/// </summary>
internal sealed class MonitorExportCommand : ServerCommand
{
    readonly Argument<string?> _measurement = new("MEASUREMENT") { Description = "The measurement to export, e.g. cpu (with --to-influx: every measurement when left out)", Arity = ArgumentArity.ZeroOrOne };
    readonly InfluxMigrationOptions _influx = new("to-influx", "--to-influx", "Copy into this InfluxDB 1.x server instead (http://host:8086; the database is created if missing)");
    readonly Option<string> _where = new("--where") { Description = "Tag filters: host=web-1,cpu!=cpu-total", HelpName = "FILTERS" };
    readonly Option<string> _from = new("--from") { Description = "Start: ISO 8601, now-7d or -15m [default: now-1d]", HelpName = "TIME" };
    readonly Option<string> _to = new("--to") { Description = "End [default: now]", HelpName = "TIME" };
    readonly Option<string> _format = new("--format") { Description = "lp (line protocol), csv or parquet [default: lp]", HelpName = "FORMAT" };
    readonly Option<string> _output = new("--output", "-o") { Description = "Write to this file instead of stdout (parquet needs one)", HelpName = "FILE" };

    public MonitorExportCommand(CliContext context)
        : base("export", "Export a measurement's points as line protocol, CSV or Parquet, or copy the store into an InfluxDB 1.x database (calls the server)", context)
    {
        Add(_measurement);
        Add(_where);
        Add(_from);
        Add(_to);
        Add(_format);
        Add(_output);
        _influx.AddTo(this);
        Validators.Add(result =>
        {
            if (_influx.Validate(result))
            {
                if (result.GetValue(_where) is not null || result.GetValue(_format) is not null || result.GetValue(_output) is not null)
                    result.AddError("--to-influx copies whole series: leave out --where, --format and -o.");
            }
            else if (result.GetValue(_measurement) is null)
            {
                result.AddError("Name the MEASUREMENT to export (or copy everything with --to-influx URL --database DB).");
            }

            try
            {
                MetricQueryText.ParseWhere(result.GetValue(_where), "--where");
                if (result.GetValue(_from) is { } from) MetricQueryText.ParseTime(from, DateTimeOffset.UtcNow, "--from");
                if (result.GetValue(_to) is { } to) MetricQueryText.ParseTime(to, DateTimeOffset.UtcNow, "--to");
            }
            catch (Lightning.Core.Errors.ValidationFailedException ex)
            {
                result.AddError(string.Join(" ", ex.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}")));
            }

            var format = Format(result.GetValue(_format));
            if (format is null) result.AddError($"--format: '{result.GetValue(_format)}' is not a format: use lp, csv or parquet.");
            if (format == "parquet" && result.GetValue(_output) is null) result.AddError("--format parquet writes a binary file: add -o FILE.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Value(_influx.Url) is not null)
        {
            var now = DateTimeOffset.UtcNow;
            return await _influx.RunAsync(invocation, invocation.Value(_measurement) is { } one ? [one] : null,
                InfluxMigrationOptions.Time(invocation.Value(_from), now, "--from"), InfluxMigrationOptions.Time(invocation.Value(_to), now, "--to"), cancellationToken);
        }

        var measurement = invocation.Value(_measurement)!;
        var parameters = new Dictionary<string, string?>
        {
            ["measurement"] = measurement,
            ["where"] = invocation.Value(_where),
            ["from"] = invocation.Value(_from),
            ["to"] = invocation.Value(_to),
            ["format"] = Format(invocation.Value(_format)),
        };
        if (invocation.Value(_output) is not { } output)
        {
            await using var stdout = new TextWriterStream(invocation.Output);
            await invocation.Client.ExportMetricsAsync(parameters, stdout, cancellationToken);
            return ExitCodes.Ok;
        }

        var target = Path.GetFullPath(output);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory)) throw CliException.Usage($"-o: the folder {directory} does not exist.");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        long bytes;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                bytes = await invocation.Client.ExportMetricsAsync(parameters, file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            // A failed or cancelled export leaves nothing behind (the complete one was renamed away).
            File.Delete(temporary);
        }

        await invocation.Output.WriteLineAsync($"Exported {measurement} to {output} ({bytes:N0} bytes).");
        return ExitCodes.Ok;
    }

    static string? Format(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "lp" or "lineprotocol" or "line-protocol" => "lineprotocol",
        "csv" => "csv",
        "parquet" => "parquet",
        _ => null,
    };

    /// <summary>Text exports to stdout: the bytes decoded as UTF-8 (a character split across reads is kept by the decoder).</summary>
    sealed class TextWriterStream(TextWriter writer) : Stream
    {
        readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
            var written = _decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, written);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
