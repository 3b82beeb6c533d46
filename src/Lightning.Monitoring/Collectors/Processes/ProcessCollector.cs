using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Monitoring.Collectors.Host;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>
/// Telegraf's <c>procstat</c> (tags pid, process_name) for the platform's own process, the processes registered in
/// <see cref="MonitoredProcesses"/> and those the options name by pid or by a name or command-line pattern:
/// cpu_usage (percent of one core since the previous reading), memory_rss, memory_vms, num_threads, read_bytes,
/// write_bytes (storage I/O), rchar/wchar (all I/O) and num_fds. A process that has exited is simply no longer reported.
/// Processes the platform runs (<see cref="PlatformProcesses"/>) come and go by the hundred, so they are added up per
/// program name instead (tags process_name and source=platform, no pid): how many run and were started, and with
/// their live descendants (<see cref="PlatformProcessTree"/>) their summed CPU, memory, threads, files and I/O rates; at most
/// <see cref="ProcessCollectorOptions.MaxPlatformSeries"/> names, the rest under "(other)".
/// </summary>
public sealed class ProcessCollector : ICollector
{
    // USER_HZ, the unit of /proc/[pid]/stat times, is 100 on every architecture .NET runs Linux on.
    const double TicksPerSecond = 100;

    readonly ProcessCollectorOptions _options;
    readonly MonitoredProcesses _monitored;
    readonly ProcessReader _reader;
    readonly PlatformProcessTree _platformTree;
    readonly Regex[] _namePatterns;
    readonly Regex[] _commandLinePatterns;
    readonly bool _available;
    readonly PlatformProcesses? _platform;
    readonly ILogger _logger;
    readonly HashSet<string> _platformNames = new(StringComparer.Ordinal);
    readonly Dictionary<string, SeriesKey> _platformKeys = new(StringComparer.Ordinal);
    Dictionary<int, (ProcessSample Sample, long Timestamp)> _previous = [];
    bool _capLogged;

    /// <summary>The <c>process_name</c> of platform-run programs beyond the cap.</summary>
    public const string OtherPrograms = "(other)";

    public ProcessCollector(IOptions<CollectorOptions> options, MonitoredProcesses monitored, PlatformProcesses? platform = null, ILogger<ProcessCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Processes;
        _monitored = monitored;
        _platform = _options.IncludePlatform ? platform : null;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var proc = new ProcFs(options.Value.Host.ProcRoot);
        _available = OperatingSystem.IsLinux() && File.Exists(proc.PathOf("stat"));
        _reader = new ProcessReader(proc);
        _platformTree = new PlatformProcessTree(_reader, TicksPerSecond);
        _namePatterns = _options.Targets.Where(t => !string.IsNullOrEmpty(t.NamePattern))
            .Select(t => new Regex(t.NamePattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray();
        _commandLinePatterns = _options.Targets.Where(t => !string.IsNullOrEmpty(t.CommandLinePattern))
            .Select(t => new Regex(t.CommandLinePattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray();
    }

    public string Name => "process";

    public TimeSpan Interval => _options.Interval;

    public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_available) return ValueTask.CompletedTask;
        var timestampNs = Timestamps.ToNanoseconds(now);
        var current = new Dictionary<int, (ProcessSample, long)>();
        foreach (var pid in Targets())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timestamp = Stopwatch.GetTimestamp();
            var sample = _reader.Read(pid);
            if (sample is null)
            {
                _monitored.Unwatch(pid);
                continue;
            }

            current[pid] = (sample, timestamp);
            Add(batch, timestampNs, sample, timestamp);
        }

        _previous = current;
        if (_platform is not null) AddPlatform(batch, timestampNs, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <summary>Platform-run processes (and their live descendants) added up per program; a program with starts but nothing running still reports them.</summary>
    void AddPlatform(PointBatch batch, long timestampNs, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, PlatformProcessTree.Reading>(StringComparer.Ordinal);
        // Ordinal order: when several new programs arrive in one interval, which ones get a series under the cap is stable.
        foreach (var (program, count) in _platform!.TakeStarts().OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var capped = Capped(program);
            if (!totals.TryGetValue(capped, out var reading)) totals[capped] = reading = new PlatformProcessTree.Reading();
            reading.Started += count;
        }

        var roots = _platform.Live.Select(root => KeyValuePair.Create(root.Key, Capped(root.Value))).ToList();
        _platformTree.Read(roots, _options.FollowChildren, totals, cancellationToken);
        foreach (var (program, total) in totals)
        {
            if (!_platformKeys.TryGetValue(program, out var key))
                _platformKeys[program] = key = new SeriesKey("procstat", [new("process_name", program), new("source", "platform")]);
            var series = batch.AddSeries(key);
            batch.Add(series, "processes", timestampNs, FieldValue.OfInteger(total.Running));
            batch.Add(series, "started", timestampNs, FieldValue.OfInteger(total.Started));
            if (_options.FollowChildren) batch.Add(series, "child_processes", timestampNs, FieldValue.OfInteger(total.Children));
            batch.Add(series, "memory_rss", timestampNs, FieldValue.OfInteger(total.Rss));
            batch.Add(series, "memory_vms", timestampNs, FieldValue.OfInteger(total.Virtual));
            batch.Add(series, "num_threads", timestampNs, FieldValue.OfInteger(total.Threads));
            batch.Add(series, "num_fds", timestampNs, FieldValue.OfInteger(total.Fds));
            if (total.Cpu is { } cpu) batch.Add(series, "cpu_usage", timestampNs, FieldValue.OfFloat(cpu));
            if (total.ReadRate is { } readRate) batch.Add(series, "read_bytes_per_sec", timestampNs, FieldValue.OfFloat(readRate));
            if (total.WriteRate is { } writeRate) batch.Add(series, "write_bytes_per_sec", timestampNs, FieldValue.OfFloat(writeRate));
        }
    }

    /// <summary>The program's own name while under the cap, "(other)" after it; the cap is logged once.</summary>
    string Capped(string program)
    {
        if (_platformNames.Contains(program)) return program;
        if (_platformNames.Count < _options.MaxPlatformSeries)
        {
            _platformNames.Add(program);
            return program;
        }

        if (!_capLogged)
        {
            _capLogged = true;
            Log.PlatformSeriesCapReached(_logger, _options.MaxPlatformSeries, program);
        }

        return OtherPrograms;
    }

    void Add(PointBatch batch, long timestampNs, ProcessSample sample, long timestamp)
    {
        var series = batch.AddSeries(new SeriesKey("procstat",
            [new("pid", sample.Pid.ToString(CultureInfo.InvariantCulture)), new("process_name", string.IsNullOrEmpty(sample.Name) ? "?" : sample.Name)]));
        void Integer(string field, long? value)
        {
            if (value is { } v) batch.Add(series, field, timestampNs, FieldValue.OfInteger(v));
        }

        Integer("memory_rss", sample.RssBytes);
        Integer("memory_vms", sample.VirtualBytes);
        Integer("num_threads", sample.Threads);
        Integer("num_fds", sample.OpenFiles);
        Integer("read_bytes", sample.ReadBytes);
        Integer("write_bytes", sample.WriteBytes);
        Integer("rchar", sample.ReadChars);
        Integer("wchar", sample.WriteChars);
        batch.Add(series, "cpu_time", timestampNs, FieldValue.OfFloat(sample.CpuTicks / TicksPerSecond));

        // The same pid with another start time is another process: no rate across the two.
        if (!_previous.TryGetValue(sample.Pid, out var previous) || previous.Sample.StartTicks != sample.StartTicks) return;
        var seconds = Stopwatch.GetElapsedTime(previous.Timestamp, timestamp).TotalSeconds;
        if (ProcFs.Rate(previous.Sample.CpuTicks, sample.CpuTicks, seconds) is { } ticksPerSecond)
            batch.Add(series, "cpu_usage", timestampNs, FieldValue.OfFloat(100.0 * ticksPerSecond / TicksPerSecond));
        if (previous.Sample.ReadBytes is { } r0 && sample.ReadBytes is { } r1 && ProcFs.Rate((ulong)r0, (ulong)r1, seconds) is { } read)
            batch.Add(series, "read_bytes_per_sec", timestampNs, FieldValue.OfFloat(read));
        if (previous.Sample.WriteBytes is { } w0 && sample.WriteBytes is { } w1 && ProcFs.Rate((ulong)w0, (ulong)w1, seconds) is { } write)
            batch.Add(series, "write_bytes_per_sec", timestampNs, FieldValue.OfFloat(write));
    }

    SortedSet<int> Targets()
    {
        var pids = new SortedSet<int>();
        if (_options.IncludeSelf) pids.Add(Environment.ProcessId);
        foreach (var pid in _monitored.Pids) pids.Add(pid);
        foreach (var target in _options.Targets)
            if (target.Pid is { } pid) pids.Add(pid);
        if (_namePatterns.Length == 0 && _commandLinePatterns.Length == 0) return pids;
        foreach (var pid in _reader.AllPids())
        {
            if (pids.Contains(pid)) continue;
            if (_namePatterns.Length > 0 && _reader.Name(pid) is { } name && _namePatterns.Any(p => p.IsMatch(name))) pids.Add(pid);
            else if (_commandLinePatterns.Length > 0 && _reader.CommandLine(pid) is { Length: > 0 } cmdline && _commandLinePatterns.Any(p => p.IsMatch(cmdline))) pids.Add(pid);
        }

        return pids;
    }
}
