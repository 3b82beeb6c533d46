namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// A repository ruleset. <paramref name="Target"/> is <c>branch</c> or <c>tag</c>; <paramref name="Enforcement"/>
/// <c>active</c>, <c>evaluate</c> or <c>disabled</c>; the ref patterns use GitHub's syntax (<c>~DEFAULT_BRANCH</c>,
/// <c>refs/heads/release/*</c>). <paramref name="Id"/> is ignored when creating or updating.
/// </summary>
public sealed record GitHubRuleset(
    long Id, string Name, string Target, string Enforcement, IReadOnlyList<string> IncludeRefs,
    IReadOnlyList<string> ExcludeRefs, IReadOnlyList<GitHubRulesetRule> Rules);
