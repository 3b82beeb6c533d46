using Lightning.Git.Hosting.GitHub;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitHub repository ruleset to create or replace. <paramref name="Target"/>: branch (default), tag or push;
/// <paramref name="Enforcement"/>: active (default), evaluate or disabled; <paramref name="Include"/> and
/// <paramref name="Exclude"/> are ref patterns in GitHub's syntax (<c>~DEFAULT_BRANCH</c>, <c>refs/heads/release/*</c>);
/// each rule's parameters are passed as GitHub documents them.
/// </summary>
public sealed record RulesetRequest(
    string Name,
    IReadOnlyList<string> Include,
    IReadOnlyList<GitHubRulesetRule> Rules,
    string? Target = null,
    string? Enforcement = null,
    IReadOnlyList<string>? Exclude = null);
