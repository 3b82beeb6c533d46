using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// What one provider alone offers for a hosted repository. GitHub: repository webhooks and rulesets. GitLab (in
/// <c>GitProviderEndpoints.GitLab.cs</c>): snippets, wiki pages, container registry, protected branches and approval
/// rules. The other provider gets <c>git.provider_unsupported</c> (400). Settings that change who may do what
/// (webhooks, rulesets, approval rules) and registry deletions need the admin role.
/// </summary>
public static partial class GitProviderEndpoints
{
    static readonly string[] RulesetTargets = ["branch", "tag", "push"];
    static readonly string[] RulesetEnforcements = ["active", "evaluate", "disabled"];

    public static RouteGroupBuilder MapGitProviderEndpoints(this RouteGroupBuilder repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.MapGet("/webhooks", ListWebhooksAsync).WithSummary("The GitHub repository's webhooks (GitHub never returns their secrets)");
        repository.MapPost("/webhooks", CreateWebhookAsync).WithSummary("Add a GitHub repository webhook signed with the given secret (never echoed)")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapDelete("/webhooks/{id:long}", DeleteWebhookAsync).WithSummary("Delete a GitHub repository webhook")
            .RequireAuthorization(LightningClaims.Policies.Admin);

        repository.MapGet("/rulesets", ListRulesetsAsync).WithSummary("The GitHub repository's own rulesets (GitHub lists them without conditions and rules)");
        repository.MapGet("/rulesets/{id:long}", GetRulesetAsync).WithSummary("One GitHub ruleset with its ref conditions and rules");
        repository.MapPost("/rulesets", CreateRulesetAsync).WithSummary("Create a GitHub repository ruleset")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapPut("/rulesets/{id:long}", UpdateRulesetAsync).WithSummary("Replace a GitHub repository ruleset")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapDelete("/rulesets/{id:long}", DeleteRulesetAsync).WithSummary("Delete a GitHub repository ruleset")
            .RequireAuthorization(LightningClaims.Policies.Admin);

        MapGitLab(repository);
        return repository;
    }

    static async Task<Ok<IReadOnlyList<GitHubWebhook>>> ListWebhooksAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.ListWebhooksAsync(hosted, cancellationToken)));

    static async Task<Created<GitHubWebhook>> CreateWebhookAsync(
        [AsParameters] HostedRepository repository, ProviderWebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        var url = Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(parsed.UserInfo)
            ? parsed
            : null;
        validator.Require(url is not null, "url", "Give the absolute http(s) URL GitHub delivers to (no credentials in it), e.g. https://lightning.example.com/api/v2/git/webhooks/github.");

        // GitHub signs every delivery with the secret; a short one could be guessed and deliveries forged.
        validator.Require(request.Secret is { Length: >= 16 and <= 256 } && !string.IsNullOrWhiteSpace(request.Secret), "secret",
            "Give the signing secret: 16 to 256 characters (the platform's receiver checks deliveries with it).");
        foreach (var hookEvent in request.Events ?? [])
        {
            validator.Require(hookEvent is not null && EventPattern().IsMatch(hookEvent), "events",
                $"'{hookEvent}' is not a GitHub event name (push, pull_request, workflow_run, ... or *).");
        }

        validator.ThrowIfInvalid();
        var events = (request.Events ?? []).Distinct(StringComparer.Ordinal).ToList();
        var hook = await repository.ByProviderAsync(github: (github, hosted) =>
            github.CreateWebhookAsync(hosted, url!, request.Secret, events, cancellationToken));
        return TypedResults.Created(repository.Url($"webhooks/{hook.Id}"), hook);
    }

    static async Task<NoContent> DeleteWebhookAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        // GitHub's hook ids fit an int, which is what the client (Octokit) takes.
        new Validator().Require(id is > 0 and <= int.MaxValue, "id", "A webhook id is a positive whole number.").ThrowIfInvalid();
        await repository.ByProviderAsync(github: (github, hosted) => github.DeleteWebhookAsync(hosted, (int)id, cancellationToken));
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<GitHubRuleset>>> ListRulesetsAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.ListRulesetsAsync(hosted, cancellationToken)));

    static async Task<Ok<GitHubRuleset>> GetRulesetAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        return TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.GetRulesetAsync(hosted, id, cancellationToken)));
    }

    static async Task<Created<GitHubRuleset>> CreateRulesetAsync(
        [AsParameters] HostedRepository repository, RulesetRequest request, CancellationToken cancellationToken)
    {
        var ruleset = ToRuleset(request);
        var created = await repository.ByProviderAsync(github: (github, hosted) => github.CreateRulesetAsync(hosted, ruleset, cancellationToken));
        return TypedResults.Created(repository.Url($"rulesets/{created.Id}"), created);
    }

    static async Task<Ok<GitHubRuleset>> UpdateRulesetAsync(
        [AsParameters] HostedRepository repository, long id, RulesetRequest request, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        var ruleset = ToRuleset(request);
        return TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.UpdateRulesetAsync(hosted, id, ruleset, cancellationToken)));
    }

    static async Task<NoContent> DeleteRulesetAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        await repository.ByProviderAsync(github: (github, hosted) => github.DeleteRulesetAsync(hosted, id, cancellationToken));
        return TypedResults.NoContent();
    }

    /// <summary>Validates a ruleset request (every problem at once) and fills in GitHub's defaults: a branch ruleset, active.</summary>
    static GitHubRuleset ToRuleset(RulesetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 100, "name", "Give the ruleset a name of at most 100 characters.");
        var target = OneOf(validator, "target", request.Target, RulesetTargets);
        var enforcement = OneOf(validator, "enforcement", request.Enforcement, RulesetEnforcements);
        validator.Require(request.Include is { Count: > 0 } && request.Include.All(IsRefPattern), "include",
            "Give the ref patterns the ruleset covers, e.g. ~DEFAULT_BRANCH, ~ALL or refs/heads/release/* (none empty).");
        validator.Require(request.Exclude is null || request.Exclude.All(IsRefPattern), "exclude", "Excluded ref patterns cannot be empty.");
        validator.Require(request.Rules is { Count: > 0 }, "rules", "Give at least one rule, e.g. {\"type\":\"deletion\"} or {\"type\":\"non_fast_forward\"}.");
        foreach (var rule in request.Rules ?? [])
        {
            validator.Require(rule is not null && RuleTypePattern().IsMatch(rule.Type ?? string.Empty), "rules",
                $"'{rule?.Type}' is not a GitHub rule type (deletion, non_fast_forward, pull_request, required_status_checks, ...).");
        }

        validator.ThrowIfInvalid();
        return new GitHubRuleset(0, request.Name.Trim(), target ?? "branch", enforcement ?? "active",
            request.Include.Select(pattern => pattern.Trim()).ToList(), (request.Exclude ?? []).Select(pattern => pattern.Trim()).ToList(), request.Rules ?? []);
    }

    static bool IsRefPattern(string? pattern) =>
        !string.IsNullOrWhiteSpace(pattern) && pattern.Trim().Length <= 255 && !pattern.Any(char.IsControl);

    /// <summary>The value, lower-cased, when it is one of <paramref name="allowed"/>; null when absent; a field error otherwise.</summary>
    static string? OneOf(Validator validator, string field, string? value, string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = value.Trim().ToLowerInvariant();
        if (!allowed.Contains(normalized, StringComparer.Ordinal))
        {
            validator.Add(field, $"'{value}' is not one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return normalized;
    }

    [GeneratedRegex(@"^(?:\*|[a-z][a-z_]{0,63})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EventPattern();

    [GeneratedRegex("^[a-z][a-z_]{0,63}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RuleTypePattern();
}
