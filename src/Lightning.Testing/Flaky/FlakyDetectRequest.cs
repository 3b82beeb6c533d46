using Lightning.Testing.History;

namespace Lightning.Testing.Flaky;

/// <summary>
/// On-demand detection for a repository: weigh its history, rerun the failures history cannot explain
/// (<see cref="Reruns"/>, the configured default when null; 0 for none), and with <see cref="OrderCheck"/> run the
/// suite in other orders to find order-dependent tests and the tests they depend on.
/// </summary>
public sealed record FlakyDetectRequest(TestTarget Target)
{
    public int? Reruns { get; init; }

    public bool OrderCheck { get; init; }

    /// <summary>Seeded shuffles besides the reverse order (the configured default when null).</summary>
    public int? Shuffles { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>The project (root) whose suite the order check runs; the first pytest project of history when null.</summary>
    public string? Project { get; init; }
}
