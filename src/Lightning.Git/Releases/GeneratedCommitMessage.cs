namespace Lightning.Git.Releases;

/// <summary>
/// A Conventional Commit message made from the staged changes. The subject is always deterministic; the body comes
/// from a language model when one is configured, and is null otherwise.
/// </summary>
public sealed record GeneratedCommitMessage(
    string Type,
    string? Scope,
    string Summary,
    string? Body,
    IReadOnlyList<StagedChange> Changes)
{
    /// <summary><c>type(scope): summary</c></summary>
    public string Subject => Scope is null ? $"{Type}: {Summary}" : $"{Type}({Scope}): {Summary}";

    /// <summary>The whole message: the subject, then the body after one blank line.</summary>
    public string Message => Body is null ? Subject : $"{Subject}\n\n{Body}";
}
