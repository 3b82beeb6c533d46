namespace Lightning.Benchmarks.Actions;

/// <summary>Samples in milliseconds, by kind, in the order they were measured.</summary>
internal sealed record ActionStartResult(string Command, int Rounds, IReadOnlyDictionary<string, IReadOnlyList<double>> Samples, int Errors)
{
    /// <summary>Cores other processes on the machine kept busy during the measurement, on average.</summary>
    public double ForeignCores { get; init; }
}
