using Lightning.Testing.Generation;

namespace Lightning.Testing.Persistence;

/// <summary>One candidate of a generation batch, with its code, target and status (table <c>test_generation_candidates</c>).</summary>
public sealed class GeneratedTestEntity
{
    public required string BatchId { get; set; }

    public int Ordinal { get; set; }

    public required string CandidateId { get; set; }

    public required string Target { get; set; }

    public string? Function { get; set; }

    public required string Name { get; set; }

    public required string Code { get; set; }

    /// <summary>The import lines it needs, as a JSON array.</summary>
    public required string ImportsJson { get; set; }

    public CandidateOrigin Origin { get; set; }

    public CandidateStatus Status { get; set; }

    public string? Reason { get; set; }

    public int? Passes { get; set; }

    /// <summary>Lines it added, as a JSON array.</summary>
    public string? AddedLinesJson { get; set; }

    public int AddedBranches { get; set; }
}
