using System.Net.Sockets;
using System.Text;
using Lightning.Agents.Registry;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Lightning.Agents.Ssh;

/// <summary>
/// Runs an argument list on an SSH host with key authentication, after checking the host key against the
/// known-hosts store. Each argument is quoted for the remote POSIX shell, so none is ever interpreted by it.
/// </summary>
public sealed class SshCommandRunner(KnownHosts knownHosts, TimeProvider timeProvider)
{
    public async Task<ProcessResult> RunAsync(
        SshTarget target,
        IReadOnlyList<string> command,
        string? workingDirectory,
        TimeSpan connectTimeout,
        TimeSpan timeout,
        long maxOutputBytes,
        Action<OutputChunk>? onOutput,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(command);
        var started = timeProvider.GetTimestamp();
        using var key = LoadKey(target.PrivateKeyPath);
        var connection = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = connectTimeout,
        };
        using var client = new SshClient(connection);
        string? rejected = null;
        client.HostKeyReceived += (_, e) =>
        {
            var check = knownHosts.Check(target.Host, target.Port, e.HostKeyName, e.HostKey);
            e.CanTrust = check == HostKeyCheck.Trusted;
            if (!e.CanTrust)
            {
                var fingerprint = KnownHosts.Fingerprint(e.HostKey);
                rejected = check == HostKeyCheck.Changed
                    ? $"The {e.HostKeyName} host key of {target.Host}:{target.Port} ({fingerprint}) differs from the one in {knownHosts.Path}: refusing to connect (possible man-in-the-middle)."
                    : $"The {e.HostKeyName} host key of {target.Host}:{target.Port} ({fingerprint}) is not in {knownHosts.Path}; add it (for example `ssh-keyscan -p {target.Port} {target.Host} >> {knownHosts.Path}`) after checking the fingerprint.";
            }
        };

        try
        {
            using var connectTimeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeoutSource.CancelAfter(connectTimeout);
            await client.ConnectAsync(connectTimeoutSource.Token);
        }
        catch (Exception ex) when (rejected is not null && ex is SshException or SocketException or OperationCanceledException)
        {
            throw new LightningException(ErrorKind.Unavailable, "ssh.host_key_rejected", rejected, ex);
        }
        catch (SshAuthenticationException ex)
        {
            throw new LightningException(ErrorKind.Unavailable, "ssh.auth_failed",
                $"SSH key authentication as '{target.User}' on {target.Host}:{target.Port} failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is SshException or SocketException or ProxyException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new LightningException(ErrorKind.Unavailable, "ssh.unreachable",
                $"Cannot reach SSH host {target.Host}:{target.Port}: {(ex is OperationCanceledException ? "connection timed out" : ex.Message)}", ex);
        }

        using var sshCommand = client.CreateCommand(BuildCommandLine(command, workingDirectory), Encoding.UTF8);
        var output = new StringBuilder();
        long bytes = 0;
        var gate = new Lock();
        var decoders = new Dictionary<OutputStream, Decoder> { [OutputStream.Stdout] = Encoding.UTF8.GetDecoder(), [OutputStream.Stderr] = Encoding.UTF8.GetDecoder() };
        using var limit = new CancellationTokenSource();
        void Add(OutputStream stream, byte[] buffer, int count)
        {
            lock (gate)
            {
                if (limit.IsCancellationRequested)
                {
                    return;
                }

                bytes += count;
                if (bytes > maxOutputBytes)
                {
                    count = (int)Math.Max(0, count - (bytes - maxOutputBytes));
                    limit.Cancel();
                }

                var chars = new char[Encoding.UTF8.GetMaxCharCount(count)];
                var decoded = new string(chars, 0, decoders[stream].GetChars(buffer, 0, count, chars, 0, flush: false));
                if (decoded.Length > 0)
                {
                    output.Append(decoded);
                    onOutput?.Invoke(new OutputChunk(stream, decoded));
                }
            }
        }

        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token, limit.Token);
        var execution = sshCommand.ExecuteAsync(stop.Token);
        var stdout = PumpAsync(sshCommand.OutputStream, OutputStream.Stdout, Add);
        var stderr = PumpAsync(sshCommand.ExtendedOutputStream, OutputStream.Stderr, Add);
        var outcome = ProcessOutcome.Exited;
        try
        {
            await execution;
        }
        catch (OperationCanceledException)
        {
            outcome = limit.IsCancellationRequested ? ProcessOutcome.OutputLimitExceeded
                : cancellationToken.IsCancellationRequested ? ProcessOutcome.Cancelled
                : ProcessOutcome.TimedOut;
        }

        await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        client.Disconnect();
        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        return new ProcessResult(outcome, outcome == ProcessOutcome.Exited ? sshCommand.ExitStatus : null, timeProvider.GetElapsedTime(started), text);
    }

    /// <summary>The remote command line: every argument single-quoted, so the remote shell passes it through verbatim.</summary>
    public static string BuildCommandLine(IReadOnlyList<string> command, string? workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(command);
        var line = new StringBuilder();
        if (!string.IsNullOrEmpty(workingDirectory))
        {
            line.Append("cd ").Append(Quote(workingDirectory)).Append(" && ");
        }

        line.Append("exec");
        foreach (var argument in command)
        {
            line.Append(' ').Append(Quote(argument));
        }

        return line.ToString();
    }

    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    static PrivateKeyFile LoadKey(string path)
    {
        try
        {
            return new PrivateKeyFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException)
        {
            throw new LightningException(ErrorKind.Invalid, "ssh.key_unreadable", $"Cannot read SSH private key '{path}': {ex.Message}", ex);
        }
    }

    static async Task PumpAsync(Stream stream, OutputStream kind, Action<OutputStream, byte[], int> add)
    {
        var buffer = new byte[8192];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                add(kind, buffer, read);
            }
        }
        catch (ObjectDisposedException)
        {
            // The command was torn down (cancel or timeout); what arrived is kept.
        }
    }
}
