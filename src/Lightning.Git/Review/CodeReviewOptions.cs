namespace Lightning.Git.Review;

/// <summary>Which review rules run and their thresholds. Rules are named by <see cref="ReviewRuleIds"/>.</summary>
public sealed record CodeReviewOptions
{
    /// <summary>Rule ids to skip (<see cref="ReviewRuleIds.Llm"/> skips the LLM reviewer).</summary>
    public IReadOnlySet<string>? DisabledRules { get; init; }

    /// <summary>Added or changed files larger than this (in the head commit) are reported; 1 MiB by default.</summary>
    public long LargeFileBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Least Shannon entropy (bits per character) of the value in <c>password = "..."</c>-style assignments for it to be
    /// reported; placeholders such as <c>changeme</c> stay below it. Known token formats are reported regardless.
    /// </summary>
    public double SecretMinEntropy { get; init; } = 3.5;

    /// <summary>Markers reported when an added line carries them as a word.</summary>
    public IReadOnlyList<string> TodoMarkers { get; init; } = ["TODO", "FIXME", "HACK"];

    /// <summary>Compare head with the merge base of base and head (what a pull request shows), not with base itself.</summary>
    public bool UseMergeBase { get; init; } = true;

    /// <summary>Most characters of diff sent to the LLM reviewer; the rest is left out and said to be.</summary>
    public int LlmMaxDiffChars { get; init; } = 40_000;

    /// <summary>Extra guidance for the LLM reviewer (the team's conventions), added to its instructions.</summary>
    public string? LlmInstructions { get; init; }

    public bool IsEnabled(string ruleId) => DisabledRules is null || !DisabledRules.Contains(ruleId);
}
