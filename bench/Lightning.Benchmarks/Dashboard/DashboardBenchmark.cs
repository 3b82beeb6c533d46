using System.Diagnostics;
using System.Text.Json;

namespace Lightning.Benchmarks.Dashboard;

/// <summary>
/// Runs <c>bench/dashboard/dashboardBench.mjs</c> (node, playwright-core, the system Chromium) and reads the one JSON
/// line it prints: chart render times and live latency, both measured in the browser.
/// </summary>
internal static class DashboardBenchmark
{
    public static async Task<JsonDocument> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        var repo = RepositoryRoot();
        var folder = Path.Combine(repo, "bench", "dashboard");
        Require(Path.Combine(folder, "node_modules", "playwright-core"), "run \"npm ci\" in bench/dashboard");
        Require(Path.Combine(repo, "web", "node_modules", "uplot"), "run \"npm ci\" in web/");
        Require(Path.Combine(repo, "web", "dist", "index.html"), "run \"npm run build\" in web/");

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("dashboardBench.mjs");
        if (quick)
        {
            start.ArgumentList.Add("--quick");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) progress.WriteLine($"   | {e.Data}");
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(quick ? 5 : 20), cancellationToken);
        }
        catch (TimeoutException ex)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The dashboard benchmark did not finish in time.", ex);
        }

        var text = (await stdout).Trim();
        if (process.ExitCode != 0 || text.Length == 0)
        {
            throw new InvalidOperationException($"dashboardBench.mjs failed (exit code {process.ExitCode}); see its output above.");
        }

        return JsonDocument.Parse(text.Split('\n')[^1]);
    }

    static void Require(string path, string fix)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: {fix}.");
        }
    }

    /// <summary>The checkout this bench was built from: the first parent folder holding Lightning.slnx.</summary>
    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lightning.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository (Lightning.slnx) above the bench's folder.");
    }
}
