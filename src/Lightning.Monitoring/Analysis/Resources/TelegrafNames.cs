namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>
/// The host measurements the analyses read, named as Telegraf's input plugins name them (the collectors write the
/// same names), in one place so that a rename is one edit.
/// </summary>
public static class TelegrafNames
{
    public const string HostTag = "host";

    public const string Cpu = "cpu";
    public const string CpuTag = "cpu";
    public const string CpuTotal = "cpu-total";
    public const string CpuUsageIdle = "usage_idle";
    public const string CpuUsageUser = "usage_user";
    public const string CpuUsageSystem = "usage_system";
    public const string CpuUsageIowait = "usage_iowait";

    public const string System = "system";
    public const string Load1 = "load1";
    public const string CpuCount = "n_cpus";

    public const string Memory = "mem";
    public const string MemoryUsedPercent = "used_percent";
    public const string MemoryTotal = "total";

    public const string Swap = "swap";
    public const string SwapUsedPercent = "used_percent";
    /// <summary>Bytes swapped in and out since boot (counters).</summary>
    public const string SwapIn = "in";
    public const string SwapOut = "out";

    public const string Disk = "disk";
    public const string DiskPathTag = "path";
    public const string DiskUsedPercent = "used_percent";

    public const string DiskIo = "diskio";
    public const string DiskIoDeviceTag = "name";
    /// <summary>Milliseconds the device was busy since boot (counter).</summary>
    public const string DiskIoTime = "io_time";
    /// <summary>Milliseconds spent on I/O, weighted by requests in flight (counter); its rate is the average queue length.</summary>
    public const string DiskWeightedIoTime = "weighted_io_time";

    public const string Net = "net";
    public const string NetInterfaceTag = "interface";
    public const string NetErrorsIn = "err_in";
    public const string NetErrorsOut = "err_out";
    public const string NetDropsIn = "drop_in";
    public const string NetDropsOut = "drop_out";
    public const string NetBytesReceived = "bytes_recv";
    public const string NetBytesSent = "bytes_sent";
}
