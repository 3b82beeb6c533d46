using System.Diagnostics;
using System.Text;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Git.Repositories;

public sealed partial class GitCli
{
    /// <summary>
    /// Runs <c>git</c> like <see cref="RunAsync"/>, but hands its raw standard output to <paramref name="readOutput"/> as
    /// it is written instead of collecting it: <c>git log</c> over a large history is read in one pass without holding the
    /// whole text. The exit code is checked after the reader returns; if the reader throws, git is stopped.
    /// </summary>
    public async Task StreamAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        Func<Stream, CancellationToken, Task> readOutput,
        CancellationToken cancellationToken,
        GitCliRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(readOutput);
        request ??= new GitCliRequest();
        var start = new ProcessStartInfo(_options.GitExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        PrepareEnvironment(start.Environment, request.Environment);

        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new LightningException(ErrorKind.Unavailable, "git.not_installed",
                $"The git program '{_options.GitExecutable}' could not be started: {ex.Message}", ex);
        }

        var limit = request.Timeout ?? TimeSpan.FromSeconds(_options.CommandTimeoutSeconds);
        using var timeout = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var completed = false;
        try
        {
            if (request.StandardInput is { } input)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), linked.Token);
            }

            process.StandardInput.Close();
            await readOutput(process.StandardOutput.BaseStream, linked.Token);
            await process.WaitForExitAsync(linked.Token);
            completed = true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The git command was cancelled.", ex, cancellationToken);
            }

            if (timeout.IsCancellationRequested)
            {
                throw new LightningException(ErrorKind.Unavailable, "git.timeout",
                    $"git {Describe(arguments)} ran longer than {limit.TotalSeconds:0} s and was stopped.", ex);
            }

            throw;
        }
        finally
        {
            // A reader that stopped early (an exception, a cancellation) leaves git blocked on a full pipe.
            if (!completed)
            {
                Kill(process);
            }
        }

        var result = new GitCliResult(process.ExitCode, string.Empty, await stderr);
        Log.CommandFinished(_logger, Describe(arguments), result.ExitCode, stopwatch.Elapsed);
        if (!request.AcceptedExitCodes.Contains(result.ExitCode))
        {
            throw Failure(arguments, result);
        }
    }
}
