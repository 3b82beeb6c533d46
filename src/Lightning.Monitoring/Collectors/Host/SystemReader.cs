using System.Globalization;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// Telegraf's <c>system</c> (load1/5/15, n_cpus, uptime), <c>processes</c> (running, blocked, total, total_threads) and
/// <c>linux_sysctl_fs</c> (file-nr: open file handles, file-max) from /proc/loadavg, /proc/uptime, /proc/stat and
/// /proc/sys/fs/file-nr.
/// </summary>
internal sealed class SystemReader(ProcFs proc) : IHostReader
{
    static readonly SeriesKey SystemSeries = new("system");
    static readonly SeriesKey Processes = new("processes");
    static readonly SeriesKey FileSystem = new("linux_sysctl_fs");

    public string Name => "system";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var system = batch.AddSeries(SystemSeries);
        var load = ProcFs.Words(proc.ReadText("loadavg"));
        batch.Add(system, "load1", timestampNs, FieldValue.OfFloat(ProcFs.ParseDouble(load[0])));
        batch.Add(system, "load5", timestampNs, FieldValue.OfFloat(ProcFs.ParseDouble(load[1])));
        batch.Add(system, "load15", timestampNs, FieldValue.OfFloat(ProcFs.ParseDouble(load[2])));

        long cpus = 0, running = -1, blocked = -1;
        foreach (var line in ProcFs.Lines(proc.ReadText("stat")))
        {
            if (line.StartsWith("cpu", StringComparison.Ordinal) && line.Length > 3 && char.IsAsciiDigit(line[3])) cpus++;
            else if (line.StartsWith("procs_running ", StringComparison.Ordinal)) running = long.Parse(line.AsSpan(14), provider: CultureInfo.InvariantCulture);
            else if (line.StartsWith("procs_blocked ", StringComparison.Ordinal)) blocked = long.Parse(line.AsSpan(14), provider: CultureInfo.InvariantCulture);
        }

        batch.Add(system, "n_cpus", timestampNs, FieldValue.OfInteger(cpus));
        if (proc.TryReadText("uptime", out var uptime))
            batch.Add(system, "uptime", timestampNs, FieldValue.OfInteger((long)ProcFs.ParseDouble(ProcFs.Words(uptime)[0])));

        var processes = batch.AddSeries(Processes);
        if (running >= 0) batch.Add(processes, "running", timestampNs, FieldValue.OfInteger(running));
        if (blocked >= 0) batch.Add(processes, "blocked", timestampNs, FieldValue.OfInteger(blocked));
        // loadavg's fourth column is running/total scheduling entities, i.e. threads.
        var slash = load[3].IndexOf('/', StringComparison.Ordinal);
        if (slash > 0) batch.Add(processes, "total_threads", timestampNs, FieldValue.OfInteger((long)ProcFs.ParseUnsigned(load[3][(slash + 1)..])));
        batch.Add(processes, "total", timestampNs, FieldValue.OfInteger(CountProcesses()));

        if (proc.TryReadText("sys/fs/file-nr", out var fileNr))
        {
            var words = ProcFs.Words(fileNr);
            var fs = batch.AddSeries(FileSystem);
            batch.Add(fs, "file-nr", timestampNs, FieldValue.OfInteger((long)ProcFs.ParseUnsigned(words[0])));
            batch.Add(fs, "file-max", timestampNs, FieldValue.OfInteger((long)ProcFs.ParseUnsigned(words[2])));
        }
    }

    long CountProcesses()
    {
        long count = 0;
        foreach (var directory in Directory.EnumerateDirectories(proc.Root))
        {
            var name = Path.GetFileName(directory.AsSpan());
            if (name.Length > 0 && IsDigits(name)) count++;
        }

        return count;
    }

    internal static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return text.Length > 0;
    }
}
