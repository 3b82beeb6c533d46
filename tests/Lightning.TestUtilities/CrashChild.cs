using System.Diagnostics;

namespace Lightning.TestUtilities;

/// <summary>
/// Real <c>kill -9</c> tests: a test assembly runs one of its own explicit tests as a child process (the xUnit
/// in-process runner), which works and logs its progress to a file until the parent kills it.
/// </summary>
public static class CrashChild
{
    /// <summary>Starts <paramref name="testClass"/>.<paramref name="method"/> (an explicit test) in a child process with the given environment.</summary>
    public static Process Start(Type testClass, string method, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        ArgumentNullException.ThrowIfNull(environment);
        var start = DotnetHost.Exec(testClass.Assembly.Location);
        foreach (var argument in new[] { "-method", $"{testClass.FullName}.{method}", "-explicit", "only", "-noLogo" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var child = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the child process.");
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL on Unix: no finally blocks, no dispose, no flush.</summary>
    public static async Task KillAsync(Process child, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync(cancellationToken);
    }

    /// <summary>The complete lines of a progress file; a line cut off by the kill has no newline and does not count.</summary>
    public static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return [.. complete.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>A writer for the child's progress file that every line reaches at once.</summary>
    public static StreamWriter OpenLog(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    public static async Task WaitForAsync(Func<bool> condition, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException("The child process did not get there in time.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
