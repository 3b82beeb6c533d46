using System.Collections.Concurrent;

namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>
/// Processes the platform starts and wants watched (a deployed service, a test run): modules add a pid here and the
/// process collector reports it until it exits or is removed.
/// </summary>
public sealed class MonitoredProcesses
{
    readonly ConcurrentDictionary<int, byte> _pids = new();

    public void Watch(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        _pids.TryAdd(pid, 0);
    }

    public void Unwatch(int pid) => _pids.TryRemove(pid, out _);

    public IReadOnlyCollection<int> Pids => (IReadOnlyCollection<int>)_pids.Keys;
}
