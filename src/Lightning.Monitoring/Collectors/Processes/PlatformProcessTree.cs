using System.Diagnostics;

namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>
/// Each reading samples the processes the platform runs and, when asked, their live descendants (a test host started
/// by <c>dotnet test</c>, the JVM Maven forks, the binary <c>go test</c> builds), every descendant under the program
/// of the platform-run process it descends from, and works out the CPU and I/O each program used since the previous
/// reading.
/// </summary>
/// <remarks>
/// A process's CPU (utime+stime plus cutime+cstime) and I/O counters grow by its own work and, when it reaps a child,
/// by everything that child ever counted. Summing each member's growth would count a followed child twice: once live,
/// once more when its parent reaps it. So the growth of a program is: the growth of each member seen in both
/// readings, plus the whole counters of a member started since the previous reading, minus the last counters seen of
/// a member that vanished under an ancestor still followed (they reappear in its reaped-children counters, through
/// any parents that vanished with it).
/// </remarks>
internal sealed class PlatformProcessTree(ProcessReader reader, double ticksPerSecond)
{
    Dictionary<int, Member> _previous = [];
    long _previousTimestamp;
    ulong? _previousUptime;

    sealed record Member(ProcessSample Sample, string Program);

    /// <summary>What one program's processes add up to in a reading.</summary>
    public sealed class Reading
    {
        /// <summary>Starts since the previous reading (counted by the collector, not read here).</summary>
        public long Started;
        public long Running;
        public long Children;
        public long Rss;
        public long Virtual;
        public long Threads;
        public long Fds;
        /// <summary>Percent of one core since the previous reading; null when no member of the program had a baseline.</summary>
        public double? Cpu;
        public double? ReadRate;
        public double? WriteRate;
        internal double CpuTicks;
        internal double ReadBytes;
        internal double WriteBytes;
        internal bool HasRate;
        internal bool HasIo;
    }

    /// <summary>
    /// Reads the processes under <paramref name="roots"/> (pid and program name) into <paramref name="readings"/>, one
    /// per program (added when missing).
    /// </summary>
    public void Read(IReadOnlyList<KeyValuePair<int, string>> roots, bool followChildren, Dictionary<string, Reading> readings, CancellationToken cancellationToken)
    {
        var timestamp = Stopwatch.GetTimestamp();
        var uptime = reader.UptimeTicks(ticksPerSecond);
        var seconds = _previousUptime is null ? 0 : Stopwatch.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        Reading Of(string program)
        {
            if (!readings.TryGetValue(program, out var reading)) readings[program] = reading = new Reading();
            return reading;
        }

        var current = new Dictionary<int, Member>();
        foreach (var (pid, program, descendant) in Members(roots, followChildren, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.Read(pid) is not { } sample) continue;
            current[pid] = new Member(sample, program);
            var reading = Of(program);
            if (descendant) reading.Children++;
            else reading.Running++;
            reading.Rss += sample.RssBytes;
            reading.Virtual += sample.VirtualBytes;
            reading.Threads += sample.Threads;
            reading.Fds += sample.OpenFiles ?? 0;

            if (_previous.TryGetValue(pid, out var before) && before.Sample.StartTicks == sample.StartTicks)
            {
                Grow(reading, before.Sample, sample, sign: 1);
            }
            else if (_previousUptime is { } since && sample.StartTicks >= since)
            {
                // Started since the previous reading: all it counted is new.
                Grow(reading, null, sample, sign: 1);
            }
        }

        bool Continuing(int pid) => current.TryGetValue(pid, out var now) && _previous.TryGetValue(pid, out var before) && before.Sample.StartTicks == now.Sample.StartTicks;
        foreach (var (pid, gone) in _previous)
        {
            if (Continuing(pid)) continue;
            // Reaped by a parent that is still followed, its counters moved into that parent's; reaped by a parent that
            // vanished too, they moved on with the parent's into the nearest ancestor still followed.
            var ancestor = gone.Sample.ParentPid;
            for (var hops = 0; hops < _previous.Count && !Continuing(ancestor) && _previous.TryGetValue(ancestor, out var vanished); hops++)
                ancestor = vanished.Sample.ParentPid;
            if (Continuing(ancestor)) Grow(Of(current[ancestor].Program), null, gone.Sample, sign: -1);
        }

        foreach (var reading in readings.Values)
        {
            if (seconds <= 0) continue;
            // A parent reaping a child between its own two /proc reads can leave a small negative: never below zero.
            if (reading.HasRate) reading.Cpu = 100.0 * Math.Max(0, reading.CpuTicks) / ticksPerSecond / seconds;
            if (reading.HasIo)
            {
                reading.ReadRate = Math.Max(0, reading.ReadBytes) / seconds;
                reading.WriteRate = Math.Max(0, reading.WriteBytes) / seconds;
            }
        }

        _previous = current;
        _previousTimestamp = timestamp;
        _previousUptime = uptime;
    }

    /// <summary>Adds (or takes away) what a process counted since <paramref name="before"/>, or all it counted when there is no before.</summary>
    static void Grow(Reading reading, ProcessSample? before, ProcessSample now, int sign)
    {
        var cpu = (double)(now.CpuTicks + now.ChildCpuTicks) - (before is null ? 0 : before.CpuTicks + before.ChildCpuTicks);
        if (cpu < 0) return; // a counter that went back (never for a live process): no figure from this one
        reading.CpuTicks += sign * cpu;
        reading.HasRate |= sign > 0;
        if (now.ReadBytes is { } read && now.WriteBytes is { } write && (before is null || before is { ReadBytes: not null, WriteBytes: not null }))
        {
            reading.ReadBytes += sign * (read - (before?.ReadBytes ?? 0));
            reading.WriteBytes += sign * (write - (before?.WriteBytes ?? 0));
            reading.HasIo |= sign > 0;
        }
    }

    /// <summary>The platform-run processes, then (when followed) every live descendant that is not one itself, under its root's program.</summary>
    IEnumerable<(int Pid, string Program, bool Descendant)> Members(IReadOnlyList<KeyValuePair<int, string>> roots, bool followChildren, CancellationToken cancellationToken)
    {
        var programs = new Dictionary<int, string>();
        foreach (var (pid, program) in roots) programs.TryAdd(pid, program);
        foreach (var (pid, program) in programs) yield return (pid, program, false);
        if (!followChildren || programs.Count == 0) yield break;

        // One pass over /proc for the parent of every process, then down from each root.
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in reader.AllPids())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.ParentOf(pid) is not { } parent || parent == pid) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(pid);
        }

        var seen = new HashSet<int>(programs.Keys);
        var pending = new Queue<(int Pid, string Program)>(programs.Select(root => (root.Key, root.Value)));
        while (pending.TryDequeue(out var next))
        {
            if (!children.TryGetValue(next.Pid, out var list)) continue;
            foreach (var child in list)
            {
                // A descendant the platform started itself is a root of its own program, already above.
                if (!seen.Add(child)) continue;
                pending.Enqueue((child, next.Program));
                yield return (child, next.Program, true);
            }
        }
    }
}
