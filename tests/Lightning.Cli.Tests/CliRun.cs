namespace Lightning.Cli.Tests;

/// <summary>One in-process run of <c>lightning</c>: its exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> ExecuteAsync(
        string[] args, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, string? stdin = null)
    {
        // Synchronized: a command may write from the WebSocket loop while the test's token fires.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), environment)
        {
            Input = stdin is null ? TextReader.Null : new StringReader(stdin),
        };
        var exitCode = await CliApplication.RunAsync(args, console, cancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Stderr as its lines, without the empty one after the final newline.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
