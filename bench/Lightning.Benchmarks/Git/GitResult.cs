namespace Lightning.Benchmarks.Git;

/// <summary>What <c>--only git</c> measured: the repository it ran on and each operation's timings.</summary>
internal sealed record GitResult(GitBenchRepository Repository, int Rounds, int Pairs, IReadOnlyList<GitTimings> Operations, double ForeignCores);
