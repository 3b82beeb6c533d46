using System.ComponentModel.DataAnnotations;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Parallel;

/// <summary>The parallel part of <c>Lightning:Testing:Runner</c> (the same section as <see cref="TestRunnerOptions"/>).</summary>
public sealed class ParallelRunOptions
{
    public const string SectionName = TestRunnerOptions.SectionName;

    /// <summary>Test processes of one run at once (projects of different frameworks, and shards); default: the core count.</summary>
    [Range(1, 256)]
    public int MaxParallelProjects { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>What a test with no history is expected to take when shards are planned.</summary>
    [Range(1, 3_600_000)]
    public int DefaultTestMilliseconds { get; set; } = 1000;

    /// <summary>Finished runs of the repository whose durations plan the shards.</summary>
    [Range(1, 1000)]
    public int HistoryRuns { get; set; } = 20;
}
