namespace Lightning.Git.Releases;

/// <summary>One footer of a Conventional Commit: <c>Token: value</c> or <c>Token #value</c>; the value may span lines.</summary>
public sealed record ConventionalFooter(string Token, string Separator, string Value)
{
    /// <summary>
    /// <c>BREAKING CHANGE</c> or <c>BREAKING-CHANGE</c>, which the specification makes the only case-sensitive tokens:
    /// a lowercase <c>breaking-change</c> is an ordinary footer.
    /// </summary>
    public bool IsBreakingChange =>
        string.Equals(Token, ConventionalCommitParser.BreakingChangeToken, StringComparison.Ordinal)
        || string.Equals(Token, ConventionalCommitParser.BreakingChangeHyphenToken, StringComparison.Ordinal);
}
