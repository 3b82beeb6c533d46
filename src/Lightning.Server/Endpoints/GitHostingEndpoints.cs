using System.Globalization;
using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Hosting connections (GitHub and GitLab accounts, tokens kept encrypted) and what a registered repository linked to
/// one can do at its provider: pull/merge requests and branch protection. Review-comment posting extends
/// <c>POST /repositories/{name}/review</c>.
/// </summary>
public static class GitHostingEndpoints
{
    public static RouteGroupBuilder MapGitHostingEndpoints(this RouteGroupBuilder git)
    {
        ArgumentNullException.ThrowIfNull(git);
        git.MapGet("/connections", ListConnectionsAsync).WithSummary("List hosting connections (never their tokens)");
        git.MapPost("/connections", AddConnectionAsync)
            .WithSummary("Add a GitHub or GitLab connection; the token and webhook secret are stored encrypted")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        git.MapPatch("/connections/{connection}", UpdateConnectionAsync)
            .WithSummary("Change a connection's token, webhook secret (\"\" removes it) or base URL in place; repositories using it keep working")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        git.MapDelete("/connections/{connection}", RemoveConnectionAsync)
            .WithSummary("Remove a hosting connection (refused while a repository uses it)")
            .RequireAuthorization(LightningClaims.Policies.Admin);

        var repository = git.MapGroup("/repositories/{name}");
        repository.MapGet("/pull-requests", ListPullRequestsAsync).WithSummary("Pull requests (GitHub) or merge requests (GitLab) of the hosted repository");
        repository.MapPost("/pull-requests", CreatePullRequestAsync).WithSummary("Open a pull request (GitHub) or merge request (GitLab)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/pull-requests/{number:long}/merge", MergePullRequestAsync).WithSummary("Merge a pull or merge request at the provider")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapGet("/branch-protection/{branch}", GetProtectionAsync).WithSummary("A hosted branch's protection");
        repository.MapPut("/branch-protection/{branch}", ApplyProtectionAsync).WithSummary("Protect a hosted branch")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapGet("/branch-protection/{branch}/check", CheckProtectionAsync)
            .WithSummary("Compare a hosted branch's protection with the settings given in the query; lists every difference");
        repository.MapGitPipelineEndpoints();
        repository.MapGitReleaseHostingEndpoints();
        repository.MapGitProviderEndpoints();
        repository.MapGitPullRequestEndpoints();
        repository.MapGitIssueEndpoints();
        return git;
    }

    static async Task<Ok<IReadOnlyList<HostingConnectionView>>> ListConnectionsAsync(HostingConnectionStore connections, CancellationToken cancellationToken) =>
        TypedResults.Ok(await connections.ListAsync(cancellationToken));

    static async Task<Created<HostingConnectionView>> AddConnectionAsync(
        HostingConnectionRegistration registration, HostingConnectionStore connections, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var view = await connections.AddAsync(registration, CollaborationEndpoints.Caller(user), cancellationToken);
        return TypedResults.Created($"/api/v2/git/connections/{view.Name}", view);
    }

    static async Task<Ok<HostingConnectionView>> UpdateConnectionAsync(
        string connection, HostingConnectionUpdate update, HostingConnectionStore connections, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await connections.UpdateAsync(connection, update, CollaborationEndpoints.Caller(user), cancellationToken));

    static async Task<NoContent> RemoveConnectionAsync(string connection, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        await connections.RemoveAsync(connection, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<PullRequestView>>> ListPullRequestsAsync(
        [AsParameters] HostedRepository repository, string? state, CancellationToken cancellationToken)
    {
        var all = (state?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "open" => false,
            "all" => true,
            _ => throw Invalid("state", "The state is 'open' (default) or 'all'."),
        };
        return TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<PullRequestView>>(
            github: async (github, hosted) => (await github.ListPullRequestsAsync(hosted, all, cancellationToken)).Select(ToView).ToList(),
            gitlab: async (gitlab, hosted) => (await gitlab.ListMergeRequestsAsync(hosted, all ? null : "opened", cancellationToken)).Select(ToView).ToList()));
    }

    static async Task<Created<PullRequestView>> CreatePullRequestAsync(
        [AsParameters] HostedRepository repository, CreatePullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new Validator()
            .Require(!string.IsNullOrWhiteSpace(request.Title), "title", "Give the title.")
            .Require(!string.IsNullOrWhiteSpace(request.Head), "head", "Give the head branch (the change).")
            .Require(!string.IsNullOrWhiteSpace(request.Base), "base", "Give the base branch (what the change goes into).")
            .ThrowIfInvalid();
        var draft = request.Draft ?? false;
        var view = await repository.ByProviderAsync(
            github: async (github, hosted) => ToView(await github.CreatePullRequestAsync(hosted,
                new GitHubNewPullRequest(request.Title, request.Head, request.Base) { Body = request.Body, Draft = draft }, cancellationToken)),
            gitlab: async (gitlab, hosted) => ToView(await gitlab.CreateMergeRequestAsync(hosted, new GitLabMergeRequestCreate
            {
                SourceBranch = request.Head,
                TargetBranch = request.Base,
                Title = draft && !request.Title.StartsWith("Draft:", StringComparison.OrdinalIgnoreCase) ? "Draft: " + request.Title : request.Title,
                Description = request.Body,
            }, cancellationToken)));
        return TypedResults.Created(view.Url, view);
    }

    static async Task<Ok<PullRequestMergeView>> MergePullRequestAsync(
        [AsParameters] HostedRepository repository, long number, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] MergePullRequestRequest? request,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var method = GitQuery.Enum<GitHubMergeMethod>(validator, "method", request?.Method) ?? GitHubMergeMethod.Merge;
        validator.Require(number is > 0 and <= int.MaxValue, "number", "A pull request number is a positive whole number.");
        validator.ThrowIfInvalid();
        var sha = GitRepositoryEndpoints.Blank(request?.Sha);
        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) =>
            {
                var merged = await github.MergePullRequestAsync(hosted, (int)number, method, sha, commitTitle: null, cancellationToken);
                return new PullRequestMergeView(merged.Merged, merged.Sha, merged.Message);
            },
            gitlab: async (gitlab, hosted) =>
            {
                if (method == GitHubMergeMethod.Rebase)
                {
                    // GitLab rebases through the project's merge method setting, not per merge request.
                    throw Invalid("method", "GitLab merges with 'merge' or 'squash'; rebasing is the project's merge method setting there.");
                }

                var mergeRequest = await gitlab.MergeMergeRequestAsync(hosted, number,
                    new GitLabMergeOptions { Sha = sha, Squash = method == GitHubMergeMethod.Squash ? true : null }, cancellationToken);
                var done = string.Equals(mergeRequest.State, "merged", StringComparison.Ordinal);
                return new PullRequestMergeView(done, mergeRequest.MergeCommitSha ?? mergeRequest.SquashCommitSha, done ? "Merged." : mergeRequest.DetailedMergeStatus);
            }));
    }

    static async Task<Ok<BranchProtectionView>> GetProtectionAsync(
        [AsParameters] HostedRepository repository, string branch, CancellationToken cancellationToken)
    {
        var target = GitQuery.RefFromRoute(branch);
        var protection = await repository.CallAsync((client, hosted) => client.GetBranchProtectionAsync(hosted, target, cancellationToken));
        return TypedResults.Ok(new BranchProtectionView(target, protection is not null, protection));
    }

    static async Task<Ok<BranchProtectionView>> ApplyProtectionAsync(
        [AsParameters] HostedRepository repository, string branch, BranchProtection protection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protection);
        new Validator()
            .Require(protection.RequiredApprovals is >= 0 and <= 10, "requiredApprovals", "Required approvals are 0 to 10.")
            .Require(protection.RequiredStatusChecks.All(check => !string.IsNullOrWhiteSpace(check)), "requiredStatusChecks", "Status check names cannot be empty.")
            .ThrowIfInvalid();
        var target = GitQuery.RefFromRoute(branch);
        var applied = await repository.CallAsync((client, hosted) => client.ApplyBranchProtectionAsync(hosted, target, protection, cancellationToken));
        return TypedResults.Ok(new BranchProtectionView(target, Protected: true, applied));
    }

    static async Task<Ok<BranchProtectionCheckView>> CheckProtectionAsync(
        [AsParameters] HostedRepository repository,
        string branch,
        int? requiredApprovals,
        [FromQuery] string[]? requiredStatusChecks,
        bool? allowForcePushes,
        bool? allowDeletions,
        bool? enforceAdmins,
        bool? allowDirectPushes,
        CancellationToken cancellationToken)
    {
        var target = GitQuery.RefFromRoute(branch);
        var protection = await repository.CallAsync((client, hosted) => client.GetBranchProtectionAsync(hosted, target, cancellationToken));

        // An unprotected branch lets anyone push, force-push and delete, and needs no approval or check.
        var actual = protection ?? new BranchProtection { AllowForcePushes = true, AllowDeletions = true, AllowDirectPushes = true };
        var differences = new List<BranchProtectionDifference>();
        if (requiredApprovals is { } approvals && actual.RequiredApprovals < approvals)
        {
            differences.Add(new("requiredApprovals", $"at least {Text(approvals)}", Text(actual.RequiredApprovals)));
        }

        var missing = (requiredStatusChecks ?? []).Where(check => !string.IsNullOrWhiteSpace(check))
            .Except(actual.RequiredStatusChecks, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            differences.Add(new("requiredStatusChecks", $"includes {string.Join(", ", missing)}",
                actual.RequiredStatusChecks.Count == 0 ? "none" : string.Join(", ", actual.RequiredStatusChecks)));
        }

        Compare(differences, "allowForcePushes", allowForcePushes, actual.AllowForcePushes);
        Compare(differences, "allowDeletions", allowDeletions, actual.AllowDeletions);
        Compare(differences, "enforceAdmins", enforceAdmins, actual.EnforceAdmins);
        Compare(differences, "allowDirectPushes", allowDirectPushes, actual.AllowDirectPushes);
        return TypedResults.Ok(new BranchProtectionCheckView(target, protection is not null, differences.Count == 0, differences));
    }

    static void Compare(List<BranchProtectionDifference> differences, string setting, bool? wanted, bool actual)
    {
        if (wanted is { } value && value != actual)
        {
            differences.Add(new(setting, Text(value), Text(actual)));
        }
    }

    static string Text(bool value) => value ? "true" : "false";

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static ValidationFailedException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    internal static PullRequestView ToView(GitHubPullRequest pull) =>
        new("github", pull.Number, pull.Title, pull.State, pull.HeadRef, pull.BaseRef, pull.Draft, pull.Merged, pull.HtmlUrl);

    internal static PullRequestView ToView(GitLabMergeRequest request) =>
        new("gitlab", request.Iid, request.Title, request.State, request.SourceBranch, request.TargetBranch, request.Draft,
            string.Equals(request.State, "merged", StringComparison.Ordinal), request.WebUrl);
}
