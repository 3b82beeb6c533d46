namespace Lightning.Benchmarks.Hosting;

/// <summary>
/// Measures how much CPU other processes on this shared machine used during a phase: the machine's busy time minus
/// the bench's own (with wrk and the processes it started) and the server's.
/// </summary>
internal sealed class ForeignLoad(ServerProcess server)
{
    readonly double _machine = MachineInfo.MachineBusySeconds();
    readonly double _ours = MachineInfo.SelfAndChildrenCpuSeconds() + server.CpuTime.TotalSeconds;
    readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Average number of cores other processes kept busy since this was created.</summary>
    public double Cores()
    {
        var machine = MachineInfo.MachineBusySeconds() - _machine;
        var ours = MachineInfo.SelfAndChildrenCpuSeconds() + server.CpuTime.TotalSeconds - _ours;
        return Math.Max(0, machine - ours) / System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalSeconds;
    }
}
