namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>
/// One reading of a process's /proc files. CPU times are in clock ticks; bytes are bytes. <c>ChildCpuTicks</c> is the
/// CPU of its children that it has waited for (a build's compilers, a test run's workers); the children's I/O it waited
/// for is in its I/O counters the same way.
/// </summary>
internal sealed record ProcessSample(
    int Pid,
    int ParentPid,
    string Name,
    ulong StartTicks,
    ulong CpuTicks,
    ulong ChildCpuTicks,
    long Threads,
    long RssBytes,
    long VirtualBytes,
    long? ReadBytes,
    long? WriteBytes,
    long? ReadChars,
    long? WriteChars,
    long? OpenFiles);
