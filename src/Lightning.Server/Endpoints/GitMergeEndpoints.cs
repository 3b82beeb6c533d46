using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Lightning.Core.Errors;
using Lightning.Git.Registry;
using Lightning.Git.Repositories.Merging;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Merges, conflicts, stash, cherry-pick and revert on a registered repository (<see cref="GitMergeService"/>). The
/// service checks every precondition before git runs, so a refused request leaves the repository as it was.
/// </summary>
public static class GitMergeEndpoints
{
    public static RouteGroupBuilder MapGitMergeEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/merge", MergeAsync).WithSummary("Merge a branch, tag or commit into the checked-out branch")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/conflicts", ConflictsAsync).WithSummary("The operation in progress and each conflicted file with base, ours and theirs");
        group.MapPost("/conflicts/resolve", ResolveAsync).WithSummary("Resolve one conflicted file by ours, theirs or given content")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/merge/continue", ContinueAsync).WithSummary("Commit the resolved merge, cherry-pick or revert and go on")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/merge/abort", AbortAsync).WithSummary("Stop the operation in progress and restore HEAD, index and worktree")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/stash", StashListAsync).WithSummary("Stash entries, newest first");
        group.MapPost("/stash", StashSaveAsync).WithSummary("Stash local changes and clean the worktree").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/stash/{index:int}/apply", StashApplyAsync).WithSummary("Apply a stash entry (pop drops it when it applied cleanly)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/stash/{index:int}", StashDropAsync).WithSummary("Delete a stash entry").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/cherry-pick", CherryPickAsync).WithSummary("Apply commits in order").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/revert", RevertAsync).WithSummary("Make a commit that undoes a commit").RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<GitMergeResult>> MergeAsync(
        string name, MergeBranchRequest request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GitRepositoryEndpoints.RequireText(request.Source, "source", "Give the branch, tag or commit to merge.");
        var merge = new GitMergeRequest { Source = request.Source, Mode = request.Mode ?? GitMergeMode.Auto, Message = GitRepositoryEndpoints.Blank(request.Message) };
        return TypedResults.Ok(await merges.MergeAsync(await GitQuery.PathAsync(registry, name, cancellationToken), merge, cancellationToken));
    }

    static async Task<Ok<GitConflictReport>> ConflictsAsync(string name, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken) =>
        TypedResults.Ok(await merges.ConflictsAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Ok<GitConflictReport>> ResolveAsync(
        string name, ResolveConflictRequest request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Path), "path", "Give the conflicted file to resolve.");
        GitResolution? resolution = (request.Side, request.Content) switch
        {
            (GitResolutionSide.Ours, null) => GitResolution.Ours,
            (GitResolutionSide.Theirs, null) => GitResolution.Theirs,
            (null or GitResolutionSide.Content, { } content) => GitResolution.WithContent(content),
            _ => null,
        };
        validator.Require(resolution is not null, "side", "Give side: ours or theirs, or the resolved content (one of the two).");
        validator.ThrowIfInvalid();
        var path = await GitQuery.PathAsync(registry, name, cancellationToken);
        await merges.ResolveAsync(path, request.Path, resolution!, cancellationToken);
        return TypedResults.Ok(await merges.ConflictsAsync(path, cancellationToken));
    }

    static async Task<Ok<GitApplyResult>> ContinueAsync(
        string name, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ContinueRequest? request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken) =>
        TypedResults.Ok(await merges.ContinueAsync(
            await GitQuery.PathAsync(registry, name, cancellationToken), GitRepositoryEndpoints.Blank(request?.Message), cancellationToken));

    static async Task<Ok<AbortResult>> AbortAsync(string name, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AbortResult(await merges.AbortAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken)));

    static async Task<Ok<IReadOnlyList<GitStashEntry>>> StashListAsync(
        string name, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken) =>
        TypedResults.Ok(await merges.StashListAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Created<GitStashEntry>> StashSaveAsync(
        string name, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StashRequest? request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        var entry = await merges.StashSaveAsync(await GitQuery.PathAsync(registry, name, cancellationToken),
            GitRepositoryEndpoints.Blank(request?.Message), request?.IncludeUntracked ?? false, cancellationToken);
        return TypedResults.Created($"/api/v2/git/repositories/{name}/stash/{entry.Index}", entry);
    }

    static async Task<Ok<GitApplyResult>> StashApplyAsync(
        string name, int index, bool? pop, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken) =>
        TypedResults.Ok(await merges.StashApplyAsync(await GitQuery.PathAsync(registry, name, cancellationToken), index, pop ?? false, cancellationToken));

    static async Task<NoContent> StashDropAsync(string name, int index, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        await merges.StashDropAsync(await GitQuery.PathAsync(registry, name, cancellationToken), index, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<GitApplyResult>> CherryPickAsync(
        string name, CherryPickRequest request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new Validator()
            .Require(request.Commits is { Count: > 0 } && request.Commits.All(commit => !string.IsNullOrWhiteSpace(commit)), "commits",
                "Give the commits to apply, oldest first.")
            .ThrowIfInvalid();
        return TypedResults.Ok(await merges.CherryPickAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request.Commits, cancellationToken));
    }

    static async Task<Ok<GitApplyResult>> RevertAsync(
        string name, RevertRequest request, GitRepositoryRegistry registry, GitMergeService merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GitRepositoryEndpoints.RequireText(request.Commit, "commit", "Give the commit to revert.");
        return TypedResults.Ok(await merges.RevertAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request.Commit, request.Mainline, cancellationToken));
    }
}
