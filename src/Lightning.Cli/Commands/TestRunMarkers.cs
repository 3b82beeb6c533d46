using System.Diagnostics;
using System.Globalization;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>
/// Which CLI process runs which test run: <c>&lt;data&gt;/testing/cli-runs/&lt;run id&gt;</c> holds the process id and start
/// time while <c>test run</c> works. Ctrl+C and SIGTERM cancel a run and record it; a process killed outright (SIGKILL, a
/// crash, a closed machine) leaves its run "running" and its marker behind, and the next local test command finds the
/// marker's process gone and records the run as interrupted. A server's runs on the same data directory have no marker
/// and are never touched.
/// </summary>
internal static class TestRunMarkers
{
    public const string InterruptedError = "The lightning CLI process that ran this test run stopped before it finished (killed or crashed).";

    public static string Directory(string data) => Path.Combine(data, "testing", "cli-runs");

    /// <summary>Marks <paramref name="runId"/> as this process's; dispose the result when the run is recorded.</summary>
    public static Marker Write(string data, string runId)
    {
        var directory = Directory(data);
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, runId);
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(path, $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}");
        return new Marker(path);
    }

    /// <summary>Records the runs of CLI processes that are gone as interrupted; returns how many were still unfinished.</summary>
    public static async Task<int> RecoverStaleAsync(string data, TestHistoryStore store, CancellationToken cancellationToken)
    {
        var directory = Directory(data);
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        var stale = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (!IsAlive(path))
            {
                stale[Path.GetFileName(path)] = path;
            }
        }

        if (stale.Count == 0)
        {
            return 0;
        }

        var recovered = await store.RecoverInterruptedAsync(stale.Keys, InterruptedError, cancellationToken);
        foreach (var path in stale.Values)
        {
            File.Delete(path);
        }

        return recovered;
    }

    /// <summary>The marker's process still runs: same id and same start time (a reused id is another process).</summary>
    static bool IsAlive(string path)
    {
        string[] parts;
        try
        {
            parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return true;
        }

        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime.ToUniversalTime().Ticks == started;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public sealed class Marker(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
