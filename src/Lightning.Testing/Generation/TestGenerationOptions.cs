using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Generation;

/// <summary>The <c>Lightning:Testing:Generation</c> section.</summary>
public sealed class TestGenerationOptions
{
    public const string SectionName = "Lightning:Testing:Generation";

    /// <summary>Candidates tried when a request does not say.</summary>
    [Range(1, 500)]
    public int DefaultCandidates { get; set; } = 20;

    /// <summary>The most candidates a request may ask for.</summary>
    [Range(1, 500)]
    public int MaxCandidates { get; set; } = 100;

    /// <summary>Source files analysed when a directory is named (the first ones, in path order).</summary>
    [Range(1, 1000)]
    public int MaxFiles { get; set; } = 20;

    /// <summary>Runs each candidate must pass.</summary>
    [Range(1, 20)]
    public int Runs { get; set; } = 5;

    /// <summary>Longest the analysis or the observed execution of one file may take before its process tree is killed.</summary>
    [Range(1, 3600)]
    public int ExecutionTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest one test run (compile check, a run, a coverage run) may take.</summary>
    [Range(1, 7200)]
    public int RunTimeoutSeconds { get; set; } = 600;

    /// <summary>Where scratch copies are made; the system temp directory when null.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>Ask the configured chat model for tests too (when one is configured).</summary>
    public bool UseModel { get; set; } = true;

    /// <summary>Characters of source and of existing tests shown to the model.</summary>
    [Range(1000, 1_000_000)]
    public int ModelMaxSourceChars { get; set; } = 24_000;
}
