using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Repositories;

/// <summary>
/// Runs the git program with an argument list (never a shell string), in a scrubbed environment with prompts off, and
/// turns its well-known failures into <see cref="LightningException"/>s with stable codes. The back-end for network
/// operations, merges and gc; LibGit2Sharp serves in-process reads.
/// </summary>
public sealed partial class GitCli(IOptions<GitOptions> options, ILogger<GitCli>? logger = null)
{
    readonly GitOptions _options = options.Value;
    readonly ILogger _logger = logger ?? NullLogger<GitCli>.Instance;

    /// <summary>A CLI with default options, for tests and tools that run without a host.</summary>
    public GitCli() : this(Microsoft.Extensions.Options.Options.Create(new GitOptions()))
    {
    }

    public GitOptions Settings => _options;

    /// <summary>
    /// Runs <c>git</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. An exit code outside
    /// <see cref="GitCliRequest.AcceptedExitCodes"/> throws a <see cref="LightningException"/> whose code says what went
    /// wrong (<c>git.not_a_repository</c>, <c>git.unknown_ref</c>, <c>git.auth_failed</c>, ... or <c>git.failed</c>).
    /// </summary>
    public async Task<GitCliResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, GitCliRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        request ??= new GitCliRequest();
        var start = new ProcessStartInfo(_options.GitExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
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

        using var timeout = new CancellationTokenSource(request.Timeout ?? TimeSpan.FromSeconds(_options.CommandTimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (request.StandardInput is { } input)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), linked.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The git command was cancelled.", ex, cancellationToken);
            }

            if (timeout.IsCancellationRequested)
            {
                throw new LightningException(ErrorKind.Unavailable, "git.timeout",
                    $"git {Describe(arguments)} ran longer than {(request.Timeout ?? TimeSpan.FromSeconds(_options.CommandTimeoutSeconds)).TotalSeconds:0} s and was stopped.", ex);
            }

            throw;
        }

        var result = new GitCliResult(process.ExitCode, await stdout, await stderr);
        Log.CommandFinished(_logger, Describe(arguments), result.ExitCode, stopwatch.Elapsed);
        if (!request.AcceptedExitCodes.Contains(result.ExitCode))
        {
            throw Failure(arguments, result);
        }

        return result;
    }

    /// <summary>Maps a failed git command to an error a user can act on; the message is git's own, with credentials redacted.</summary>
    public static LightningException Failure(IReadOnlyList<string> arguments, GitCliResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var said = Redact(FirstLines(string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput : result.StandardError));
        var text = said.ToLowerInvariant();
        var command = Describe(arguments);
        if (text.Contains("not a git repository", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: {said}");
        }

        if (text.Contains("authentication failed", StringComparison.Ordinal)
            || text.Contains("could not read username", StringComparison.Ordinal)
            || text.Contains("could not read password", StringComparison.Ordinal)
            || text.Contains("permission denied (publickey", StringComparison.Ordinal)
            || text.Contains("host key verification failed", StringComparison.Ordinal)
            || text.Contains("the requested url returned error: 403", StringComparison.Ordinal)
            || text.Contains("the requested url returned error: 401", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.Upstream, "git.auth_failed", $"git {command}: authentication failed: {said}");
        }

        if (text.Contains("unknown revision", StringComparison.Ordinal)
            || text.Contains("bad revision", StringComparison.Ordinal)
            || text.Contains("not a valid object name", StringComparison.Ordinal)
            || text.Contains("invalid reference", StringComparison.Ordinal)
            || text.Contains("not something we can merge", StringComparison.Ordinal)
            || text.Contains("did not match any", StringComparison.Ordinal)
            || text.Contains("needed a single revision", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"git {command}: unknown reference: {said}");
        }

        if (text.Contains("you have not concluded your merge", StringComparison.Ordinal)
            || text.Contains("merging is not possible because you have unmerged files", StringComparison.Ordinal)
            || text.Contains("you are in the middle of", StringComparison.Ordinal)
            || text.Contains("cherry-pick is already in progress", StringComparison.Ordinal)
            || text.Contains("revert is already in progress", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.Conflict, "git.operation_in_progress", $"git {command}: another operation is in progress: {said}");
        }

        if (text.Contains("would be overwritten", StringComparison.Ordinal)
            || text.Contains("please commit your changes or stash them", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.Conflict, "git.dirty_worktree", $"git {command}: local changes are in the way: {said}");
        }

        if (text.Contains("could not resolve host", StringComparison.Ordinal)
            || text.Contains("connection refused", StringComparison.Ordinal)
            || text.Contains("could not connect", StringComparison.Ordinal)
            || text.Contains("does not appear to be a git repository", StringComparison.Ordinal)
            || text.Contains("repository not found", StringComparison.Ordinal))
        {
            return new LightningException(ErrorKind.Upstream, "git.remote_unreachable", $"git {command}: the remote could not be read: {said}");
        }

        return new LightningException(ErrorKind.Conflict, "git.failed", $"git {command} failed (exit {result.ExitCode}): {said}");
    }

    /// <summary>Removes <c>user:password@</c> from URLs, so a token in a remote URL never reaches a message or a log.</summary>
    public static string Redact(string text) => CredentialInUrl().Replace(text ?? string.Empty, "://***@");

    void PrepareEnvironment(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var name in environment.Keys.Where(EnvironmentScrubber.IsSecret).ToList())
        {
            environment.Remove(name);
        }

        // Messages in English so failures can be classified; no prompt may ever wait for a user who is not there.
        environment["LC_ALL"] = "C";
        environment["LANGUAGE"] = "C";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_ASKPASS"] = "true";
        environment["SSH_ASKPASS"] = "true";
        if (!environment.ContainsKey("GIT_SSH_COMMAND"))
        {
            environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }

        environment["GIT_AUTHOR_NAME"] = _options.AuthorName;
        environment["GIT_AUTHOR_EMAIL"] = _options.AuthorEmail;
        environment["GIT_COMMITTER_NAME"] = _options.AuthorName;
        environment["GIT_COMMITTER_EMAIL"] = _options.AuthorEmail;
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                environment[name] = value;
            }
        }
    }

    void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        Log.CommandKilled(_logger, process.Id);
    }

    static string Describe(IReadOnlyList<string> arguments) =>
        Redact(string.Join(' ', arguments.Take(3)));

    static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var joined = string.Join(" ", lines.Take(4));
        return joined.Length > 600 ? joined[..600] + "..." : joined;
    }

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex CredentialInUrl();

    static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "git {Command} exited {ExitCode} after {Elapsed}")]
        public static partial void CommandFinished(ILogger logger, string command, int exitCode, TimeSpan elapsed);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Killed git process {ProcessId}")]
        public static partial void CommandKilled(ILogger logger, int processId);
    }
}
