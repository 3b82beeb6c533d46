namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>One reading of a process's /proc files. CPU times are in clock ticks; bytes are bytes.</summary>
internal sealed record ProcessSample(
    int Pid,
    string Name,
    ulong StartTicks,
    ulong CpuTicks,
    long Threads,
    long RssBytes,
    long VirtualBytes,
    long? ReadBytes,
    long? WriteBytes,
    long? ReadChars,
    long? WriteChars,
    long? OpenFiles);
