namespace Lightning.Cli.Tests;

/// <summary>One in-process run of <c>lightning</c>: its exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<CliRun> ExecuteAsync(
        string[] args, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, string? stdin = null) =>
        Start(args, environment, cancellationToken, stdin).Result;

    /// <summary>
    /// Starts a run and returns at once: <see cref="Running.StdoutSoFar"/> reads what it wrote until now, so a test of a
    /// long-running command (watch) waits for a line instead of sleeping for a guessed time.
    /// </summary>
    public static Running Start(
        string[] args, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, string? stdin = null)
    {
        // Synchronized: a command may write from the WebSocket loop while the test's token fires.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var syncStdout = TextWriter.Synchronized(stdout);
        var syncStderr = TextWriter.Synchronized(stderr);
        var console = new CliConsole(syncStdout, syncStderr, environment)
        {
            Input = stdin is null ? TextReader.Null : new StringReader(stdin),
        };
        return new Running(() => Read(syncStdout, stdout), () => Read(syncStderr, stderr), Run());

        async Task<CliRun> Run()
        {
            var exitCode = await CliApplication.RunAsync(args, console, cancellationToken);
            return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
        }
    }

    // The synchronized writer locks on itself for every write: read under the same lock.
    static string Read(TextWriter gate, StringWriter writer)
    {
        lock (gate)
        {
            return writer.ToString();
        }
    }

    /// <summary>A started run: its result, and its standard output so far.</summary>
    public sealed record Running(Func<string> ReadStdout, Func<string> ReadStderr, Task<CliRun> Result)
    {
        public string StdoutSoFar => ReadStdout();

        public string StderrSoFar => ReadStderr();

        /// <summary>Polls the output until <paramref name="done"/> holds; fails with the output after <paramref name="within"/>.</summary>
        public async Task WaitForOutputAsync(Func<string, bool> done, TimeSpan within, CancellationToken cancellationToken, bool stderr = false)
        {
            var deadline = DateTime.UtcNow + within;
            while (!done(stderr ? StderrSoFar : StdoutSoFar))
            {
                if (Result.IsCompleted || DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The output never showed what was awaited:\n--- stdout\n{StdoutSoFar}--- stderr\n{StderrSoFar}");
                }

                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Stderr as its lines, without the empty one after the final newline.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
