using System.Diagnostics;
using System.Runtime.InteropServices;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// The host's CPU, load, memory, swap, disk I/O, disk space, network and open files from /proc, under Telegraf's
/// measurement names (cpu, system, processes, mem, swap, diskio, disk, net, linux_sysctl_fs). Each reader runs on its
/// own: one that fails (a file this kernel does not have) is logged and the others still report.
/// </summary>
public sealed class HostCollector : ICollector
{
    readonly IHostReader[] _readers;
    readonly ILogger _logger;
    long _previousTimestamp;

    public HostCollector(IOptions<CollectorOptions> options, ILogger<HostCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = options.Value.Host;
        Interval = host.Interval;
        _logger = logger;
        var proc = new ProcFs(host.ProcRoot);
        IsAvailable = OperatingSystem.IsLinux() && File.Exists(proc.PathOf("stat"));
        _readers = IsAvailable
            ?
            [
                new CpuReader(proc), new SystemReader(proc), new MemoryReader(proc), new DiskIoReader(proc, host.IgnoreDevicePrefixes),
                new DiskSpaceReader(proc, new HashSet<string>(host.IgnoreFileSystems, StringComparer.Ordinal)), new NetReader(proc),
            ]
            : [];
        if (!IsAvailable) Log.ProcMissing(logger, host.ProcRoot, RuntimeInformation.OSDescription);
    }

    public string Name => "host";

    public TimeSpan Interval { get; }

    /// <summary>False off Linux (or without procfs at the configured root): the collector then adds nothing.</summary>
    public bool IsAvailable { get; }

    public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var timestamp = Stopwatch.GetTimestamp();
        var elapsed = _previousTimestamp == 0 ? 0 : Stopwatch.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        _previousTimestamp = timestamp;
        var timestampNs = Timestamps.ToNanoseconds(now);
        foreach (var reader in _readers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                reader.Read(batch, timestampNs, elapsed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException or IndexOutOfRangeException)
            {
                Log.ReaderFailed(_logger, ex, reader.Name);
            }
        }

        return ValueTask.CompletedTask;
    }
}
