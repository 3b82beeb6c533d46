namespace Lightning.Benchmarks.Bus;

/// <summary>One run of N messages through one bus: publish and end-to-end figures, and what went wrong.</summary>
internal sealed record BusRunResult(
    string Bus,
    int PayloadBytes,
    int Messages,
    double PublishPerSecond,
    double EndToEndPerSecond,
    double ConsumePerSecond,
    double PublishP50Ms,
    double PublishP99Ms,
    double EndToEndP50Ms,
    double EndToEndP99Ms,
    int Errors);

/// <summary>Every run of the bus benchmark, and the buses that were skipped (with why).</summary>
internal sealed record BusResult(IReadOnlyList<BusRunResult> Runs, IReadOnlyDictionary<string, string> Skipped, int Publishers, int Prefetch);
