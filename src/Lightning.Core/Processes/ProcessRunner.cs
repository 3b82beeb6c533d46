using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Lightning.Core.Diagnostics;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Core.Processes;

/// <summary>
/// The one way the platform starts processes: argument lists, scrubbed environment, timeout, output limit, cancellation.
/// <paramref name="observers"/> (from DI) are told of each process started and ended.
/// </summary>
public sealed partial class ProcessRunner(ILogger<ProcessRunner> logger, TimeProvider timeProvider, IEnumerable<IProcessObserver>? observers = null) : IProcessRunner
{
    readonly IProcessObserver[] _observers = observers?.ToArray() ?? [];

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, Action<OutputChunk>? onOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var process = new Process { StartInfo = CreateStartInfo(spec) };
        using var output = new OutputCollector(spec.MaxOutputBytes, onOutput);
        var started = timeProvider.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new LightningException(ErrorKind.Invalid, "process.start_failed", $"Cannot start '{spec.FileName}': {ex.Message}", ex);
        }

        Log.ProcessStarted(logger, spec.FileName, process.Id);
        var processId = process.Id;
        foreach (var observer in _observers) observer.Started(processId, spec);
        try
        {
            return await RunStartedAsync(process, spec, output, started, cancellationToken);
        }
        finally
        {
            foreach (var observer in _observers) observer.Ended(processId);
        }
    }

    async Task<ProcessResult> RunStartedAsync(Process process, ProcessSpec spec, OutputCollector output, long started, CancellationToken cancellationToken)
    {
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(spec.Timeout, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, output.LimitReached);
        var stdout = PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout, output);
        var stderr = PumpAsync(process.StandardError.BaseStream, OutputStream.Stderr, output);

        var outcome = ProcessOutcome.Exited;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            outcome = output.LimitReached.IsCancellationRequested ? ProcessOutcome.OutputLimitExceeded
                : cancellationToken.IsCancellationRequested ? ProcessOutcome.Cancelled
                : ProcessOutcome.TimedOut;
            Kill(process, outcome);
        }

        // The pipes close when the process tree is gone; draining them keeps the tail of the output.
        await Task.WhenAll(stdout, stderr);
        var duration = timeProvider.GetElapsedTime(started);
        int? exitCode = outcome == ProcessOutcome.Exited ? process.ExitCode : null;
        Log.ProcessFinished(logger, spec.FileName, process.Id, outcome, exitCode, duration);
        return new ProcessResult(outcome, exitCode, duration, output.Text);
    }

    static ProcessStartInfo CreateStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in EnvironmentScrubber.ScrubbedCurrent())
        {
            info.Environment[name] = value;
        }

        if (spec.Environment is not null)
        {
            foreach (var (name, value) in spec.Environment)
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    void Kill(Process process, ProcessOutcome reason)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            Log.ProcessKilled(logger, process.Id, reason);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    static async Task PumpAsync(Stream stream, OutputStream kind, OutputCollector output)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            output.Add(kind, read, new string(chars, 0, count));
        }
    }

    /// <summary>Collects interleaved output under a byte limit and signals when the limit is passed.</summary>
    sealed class OutputCollector(long maxBytes, Action<OutputChunk>? onOutput) : IDisposable
    {
        readonly StringBuilder _text = new();
        readonly CancellationTokenSource _limit = new();
        readonly Lock _gate = new();
        long _bytes;

        public CancellationToken LimitReached => _limit.Token;

        public void Dispose() => _limit.Dispose();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public void Add(OutputStream stream, int byteCount, string text)
        {
            lock (_gate)
            {
                if (_limit.IsCancellationRequested)
                {
                    return;
                }

                _bytes += byteCount;
                if (_bytes > maxBytes)
                {
                    var keep = Math.Max(0, text.Length - (int)Math.Min(text.Length, _bytes - maxBytes));
                    text = text[..keep];
                    _limit.Cancel();
                }

                if (text.Length == 0)
                {
                    return;
                }

                _text.Append(text);
                onOutput?.Invoke(new OutputChunk(stream, text));
            }
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = LightningEventId.ProcessStarted, Level = LogLevel.Debug, Message = "Started {FileName} as process {ProcessId}")]
        public static partial void ProcessStarted(ILogger logger, string fileName, int processId);

        [LoggerMessage(EventId = LightningEventId.ProcessFinished, Level = LogLevel.Debug,
            Message = "{FileName} (process {ProcessId}) ended: {Outcome}, exit code {ExitCode}, after {Duration}")]
        public static partial void ProcessFinished(ILogger logger, string fileName, int processId, ProcessOutcome outcome, int? exitCode, TimeSpan duration);

        [LoggerMessage(EventId = LightningEventId.ProcessKilled, Level = LogLevel.Information, Message = "Killed process tree {ProcessId}: {Reason}")]
        public static partial void ProcessKilled(ILogger logger, int processId, ProcessOutcome reason);
    }
}
