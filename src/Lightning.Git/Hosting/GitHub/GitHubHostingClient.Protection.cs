using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Errors;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// Branch protection and rulesets, through the typed client: Octokit 14's protection model has no force-push or
/// deletion rules on update, and it has no rulesets at all.
/// </summary>
public sealed partial class GitHubHostingClient
{
    /// <inheritdoc />
    /// <remarks>
    /// Mapping: <c>required_pull_request_reviews.required_approving_review_count</c> ↔ RequiredApprovals;
    /// <c>required_pull_request_reviews</c> absent ↔ AllowDirectPushes; <c>required_status_checks.contexts</c> ↔
    /// RequiredStatusChecks; <c>enforce_admins.enabled</c>, <c>allow_force_pushes.enabled</c>,
    /// <c>allow_deletions.enabled</c> ↔ EnforceAdmins, AllowForcePushes, AllowDeletions.
    /// </remarks>
    public async Task<BranchProtection?> GetBranchProtectionAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        var path = ProtectionPath(repository, branch);
        try
        {
            var answer = await _rest.SendAsync(HttpMethod.Get, path, null, $"protection of {branch} in {repository}", cancellationToken);
            return ToProtection(answer!.Value);
        }
        catch (LightningException ex) when (IsNotFound(ex) && ex.Message.Contains("Branch not protected", StringComparison.OrdinalIgnoreCase))
        {
            // GitHub answers 404 "Branch not protected" for an existing branch without rules; a missing branch stays an error.
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Replaces the branch's whole protection (GitHub's PUT semantics). Status checks need not be up to date with the
    /// base (<c>strict: false</c>); push restrictions are left off. Approvals with direct pushes allowed cannot be
    /// expressed on GitHub (approvals need a pull request), so that combination is refused rather than half applied.
    /// </remarks>
    public async Task<BranchProtection> ApplyBranchProtectionAsync(
        string repository, string branch, BranchProtection protection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protection);
        var path = ProtectionPath(repository, branch);
        if (protection.AllowDirectPushes && protection.RequiredApprovals > 0)
        {
            throw new LightningException(ErrorKind.Invalid, "github.protection_unsupported",
                "GitHub cannot require approvals while allowing direct pushes: approvals apply to pull requests only.");
        }

        if (protection.RequiredApprovals is < 0 or > 6)
        {
            throw new LightningException(ErrorKind.Invalid, "github.protection_unsupported",
                "GitHub accepts 0 to 6 required approvals.");
        }

        var body = new JsonObject
        {
            ["required_status_checks"] = protection.RequiredStatusChecks.Count == 0 ? null : new JsonObject
            {
                ["strict"] = false,
                ["contexts"] = new JsonArray(protection.RequiredStatusChecks.Select(check => (JsonNode)JsonValue.Create(check)).ToArray()),
            },
            ["enforce_admins"] = protection.EnforceAdmins,
            ["required_pull_request_reviews"] = protection.AllowDirectPushes ? null : new JsonObject
            {
                ["required_approving_review_count"] = protection.RequiredApprovals,
            },
            ["restrictions"] = null,
            ["allow_force_pushes"] = protection.AllowForcePushes,
            ["allow_deletions"] = protection.AllowDeletions,
        };
        var answer = await _rest.SendAsync(HttpMethod.Put, path, body, $"protecting {branch} in {repository}", cancellationToken);
        GitHubLog.ProtectionApplied(_logger, repository, branch);
        return ToProtection(answer!.Value);
    }

    public async Task RemoveBranchProtectionAsync(string repository, string branch, CancellationToken cancellationToken) =>
        await _rest.SendAsync(HttpMethod.Delete, ProtectionPath(repository, branch), null, $"unprotecting {branch} in {repository}", cancellationToken);

    /// <summary>The repository's own rulesets (all pages).</summary>
    public async Task<IReadOnlyList<GitHubRuleset>> ListRulesetsAsync(string repository, CancellationToken cancellationToken)
    {
        var items = await _rest.GetAllAsync($"{RulesetsPath(repository)}?per_page=100", null, $"rulesets of {repository}", cancellationToken);
        return items.Select(ToRuleset).ToList();
    }

    public async Task<GitHubRuleset> GetRulesetAsync(string repository, long rulesetId, CancellationToken cancellationToken)
    {
        var answer = await _rest.SendAsync(HttpMethod.Get, $"{RulesetsPath(repository)}/{rulesetId}", null, $"ruleset {rulesetId} of {repository}", cancellationToken);
        return ToRuleset(answer!.Value);
    }

    public async Task<GitHubRuleset> CreateRulesetAsync(string repository, GitHubRuleset ruleset, CancellationToken cancellationToken)
    {
        var answer = await _rest.SendAsync(HttpMethod.Post, RulesetsPath(repository), RulesetBody(ruleset), $"creating a ruleset in {repository}", cancellationToken);
        return ToRuleset(answer!.Value);
    }

    public async Task<GitHubRuleset> UpdateRulesetAsync(string repository, long rulesetId, GitHubRuleset ruleset, CancellationToken cancellationToken)
    {
        var answer = await _rest.SendAsync(HttpMethod.Put, $"{RulesetsPath(repository)}/{rulesetId}", RulesetBody(ruleset), $"updating ruleset {rulesetId} of {repository}", cancellationToken);
        return ToRuleset(answer!.Value);
    }

    public async Task DeleteRulesetAsync(string repository, long rulesetId, CancellationToken cancellationToken) =>
        await _rest.SendAsync(HttpMethod.Delete, $"{RulesetsPath(repository)}/{rulesetId}", null, $"deleting ruleset {rulesetId} of {repository}", cancellationToken);

    static string ProtectionPath(string repository, string branch)
    {
        var (owner, name) = Split(repository);
        if (string.IsNullOrWhiteSpace(branch))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_branch", "A branch name is required.");
        }

        return $"repos/{Segment(owner)}/{Segment(name)}/branches/{Segment(branch)}/protection";
    }

    static string RulesetsPath(string repository)
    {
        var (owner, name) = Split(repository);
        return $"repos/{Segment(owner)}/{Segment(name)}/rulesets";
    }

    static BranchProtection ToProtection(JsonElement answer)
    {
        var reviews = Object(answer, "required_pull_request_reviews");
        var checks = Object(answer, "required_status_checks");
        var contexts = checks is { } c && c.TryGetProperty("contexts", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(item => item.GetString() ?? string.Empty).ToList()
            : [];
        return new BranchProtection
        {
            RequiredApprovals = reviews is { } r ? Int(r, "required_approving_review_count") ?? 0 : 0,
            AllowDirectPushes = reviews is null,
            RequiredStatusChecks = contexts,
            EnforceAdmins = Enabled(answer, "enforce_admins"),
            AllowForcePushes = Enabled(answer, "allow_force_pushes"),
            AllowDeletions = Enabled(answer, "allow_deletions"),
        };
    }

    static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    static bool Enabled(JsonElement element, string name) =>
        Object(element, name) is { } value && value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True;

    static JsonObject RulesetBody(GitHubRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (string.IsNullOrWhiteSpace(ruleset.Name))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_ruleset", "A ruleset needs a name.");
        }

        return new JsonObject
        {
            ["name"] = ruleset.Name,
            ["target"] = ruleset.Target,
            ["enforcement"] = ruleset.Enforcement,
            ["conditions"] = new JsonObject
            {
                ["ref_name"] = new JsonObject
                {
                    ["include"] = new JsonArray(ruleset.IncludeRefs.Select(item => (JsonNode)JsonValue.Create(item)).ToArray()),
                    ["exclude"] = new JsonArray(ruleset.ExcludeRefs.Select(item => (JsonNode)JsonValue.Create(item)).ToArray()),
                },
            },
            ["rules"] = new JsonArray(ruleset.Rules.Select(rule =>
            {
                var node = new JsonObject { ["type"] = rule.Type };
                if (rule.Parameters is not null)
                {
                    node["parameters"] = rule.Parameters.DeepClone();
                }

                return (JsonNode)node;
            }).ToArray()),
        };
    }

    static GitHubRuleset ToRuleset(JsonElement element)
    {
        IReadOnlyList<string> Refs(string which) =>
            Object(element, "conditions") is { } conditions && Object(conditions, "ref_name") is { } refName
            && refName.TryGetProperty(which, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(item => item.GetString() ?? string.Empty).ToList()
                : [];

        // The list endpoint leaves out conditions and rules; only GET of one ruleset has them.
        var rules = element.TryGetProperty("rules", out var ruleList) && ruleList.ValueKind == JsonValueKind.Array
            ? ruleList.EnumerateArray().Select(rule => new GitHubRulesetRule(
                rule.GetProperty("type").GetString() ?? string.Empty,
                rule.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                    ? JsonNode.Parse(parameters.GetRawText())!.AsObject()
                    : null)).ToList()
            : [];
        return new GitHubRuleset(
            element.GetProperty("id").GetInt64(), Str(element, "name") ?? string.Empty, Str(element, "target") ?? "branch",
            Str(element, "enforcement") ?? string.Empty, Refs("include"), Refs("exclude"), rules);
    }
}
