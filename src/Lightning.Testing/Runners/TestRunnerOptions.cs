using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Runners;

/// <summary>The <c>Lightning:Testing:Runner</c> section: how long and how loud a test run may be.</summary>
public sealed class TestRunnerOptions
{
    public const string SectionName = "Lightning:Testing:Runner";

    /// <summary>Per project, preparation and retries included, when a request does not say.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int TimeoutSeconds { get; set; } = 30 * 60;

    /// <summary>Output of one test process (both streams) beyond which the process runner kills it.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long MaxProcessOutputBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Characters of each stream's output kept in the run (its last ones; the report keeps each test's own).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxKeptOutputChars { get; set; } = 256 * 1024;

    /// <summary>The most retries a request may ask for.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 10;

    /// <summary>Where each run's scratch directory (reports, plugins) is made; the system temp directory when null.</summary>
    public string? ScratchDirectory { get; set; }
}
