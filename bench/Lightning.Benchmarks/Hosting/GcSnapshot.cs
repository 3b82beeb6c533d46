namespace Lightning.Benchmarks.Hosting;

/// <summary>Cumulative GC pause time and collection counts of the server process (gen0 counts every collection).</summary>
internal sealed record GcSnapshot(double PauseMs, int Gen0, int Gen1, int Gen2)
{
    public static GcSnapshot operator -(GcSnapshot later, GcSnapshot earlier) =>
        new(later.PauseMs - earlier.PauseMs, later.Gen0 - earlier.Gen0, later.Gen1 - earlier.Gen1, later.Gen2 - earlier.Gen2);
}
