using System.Text.Json.Nodes;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// One rule of a ruleset: its <paramref name="Type"/> (<c>deletion</c>, <c>non_fast_forward</c>, <c>pull_request</c>,
/// <c>required_status_checks</c>, ...) and, for rules that take them, its parameters exactly as GitHub documents them.
/// </summary>
public sealed record GitHubRulesetRule(string Type, JsonObject? Parameters = null);
