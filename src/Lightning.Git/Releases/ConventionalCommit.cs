namespace Lightning.Git.Releases;

/// <summary>A commit message that follows Conventional Commits 1.0.0, taken apart.</summary>
/// <param name="Type">The type as written (<c>feat</c>, <c>Fix</c>); compare it case-insensitively.</param>
/// <param name="Scope">The scope without its parentheses, or null.</param>
/// <param name="IsBreaking">A <c>!</c> before the colon, or a <c>BREAKING CHANGE</c>/<c>BREAKING-CHANGE</c> footer.</param>
/// <param name="Description">The text after <c>: </c> on the first line.</param>
/// <param name="Body">The free-form paragraphs between the header and the footers, or null.</param>
public sealed record ConventionalCommit(
    string Type,
    string? Scope,
    bool IsBreaking,
    string Description,
    string? Body,
    IReadOnlyList<ConventionalFooter> Footers)
{
    /// <summary>Whether the type is <paramref name="type"/>, ignoring case as the specification asks.</summary>
    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The description of the breaking change: the footer's text when there is one, else the description.</summary>
    public string? BreakingDescription => !IsBreaking ? null : Footers.FirstOrDefault(f => f.IsBreakingChange)?.Value ?? Description;
}
