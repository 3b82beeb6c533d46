using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>One /proc source of the host collector (cpu, mem, diskio, ...). Readers that give rates keep their previous reading.</summary>
internal interface IHostReader
{
    string Name { get; }

    /// <summary>Adds this reading's points; <paramref name="elapsedSeconds"/> is the monotonic time since the previous reading (0 on the first).</summary>
    void Read(PointBatch batch, long timestampNs, double elapsedSeconds);
}
