namespace Lightning.Git.Review;

/// <summary>The stable ids of the review rules, for <see cref="CodeReviewOptions.DisabledRules"/> and for findings.</summary>
public static class ReviewRuleIds
{
    public const string LargeFile = "large-file";
    public const string BinaryFile = "binary-file";
    public const string GeneratedFile = "generated-file";
    public const string Secret = "secret";
    public const string MissingTests = "missing-tests";
    public const string Todo = "todo";

    /// <summary>Findings of the LLM reviewer; disabling it turns the LLM reviewer off.</summary>
    public const string Llm = "llm";
}
