using Lightning.Core.Errors;
using Lightning.Git.Registry;
using Lightning.Git.Releases;
using GitTag = Lightning.Git.Repositories.GitTag;
using Lightning.Git.Repositories;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/git/repositories/{name}/...</c>: reads (status, log, commits, diff, blame), branches, tags, staging,
/// commits and remotes of a registered repository. The repository is always named, never given as a path.
/// </summary>
public static class GitRepositoryEndpoints
{
    /// <summary>Every per-repository git route: this file's, merges, releases and insights.</summary>
    public static RouteGroupBuilder MapGitRepositoryOperations(this RouteGroupBuilder git)
    {
        ArgumentNullException.ThrowIfNull(git);
        var group = git.MapGroup("/repositories/{name}");
        group.MapGitRepositoryEndpoints();
        group.MapGitMergeEndpoints();
        group.MapGitReleaseEndpoints();
        group.MapGitInsightsEndpoints();
        return git;
    }

    static void MapGitRepositoryEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/status", StatusAsync).WithSummary("Branch, upstream with ahead/behind, and every changed file");
        group.MapGet("/log", LogAsync).WithSummary("Commits newest first, filtered by revision, paths, author, dates and message");
        group.MapGet("/commits/{revision}", ShowAsync).WithSummary("One commit with its changes against its first parent");
        group.MapGet("/diff", DiffAsync).WithSummary("Changed files with hunks: commit against commit, index or worktree");
        group.MapGet("/blame", BlameAsync).WithSummary("Who last changed each line of a file");
        group.MapGet("/branches", ListBranchesAsync).WithSummary("Local and remote-tracking branches with ahead/behind");
        group.MapPost("/branches", CreateBranchAsync).WithSummary("Create a branch").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/branches/{branch}/rename", RenameBranchAsync).WithSummary("Rename a branch").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/branches/{branch}", DeleteBranchAsync).WithSummary("Delete a branch (an unmerged one only with force)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/switch", SwitchAsync).WithSummary("Check out a branch, optionally creating it").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/tags", ListTagsAsync).WithSummary("Lightweight and annotated tags");
        group.MapPost("/tags", CreateTagAsync).WithSummary("Create a tag (annotated when a message is given)").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/tags/{tag}", DeleteTagAsync).WithSummary("Delete a tag").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/stage", StageAsync).WithSummary("Stage files, or everything").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/unstage", UnstageAsync).WithSummary("Unstage files, or everything").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/commit-message", CommitMessageAsync).WithSummary("A Conventional Commit message for what is staged");
        group.MapPost("/commit", CommitAsync).WithSummary("Commit what is staged, with a message or a generated one")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/fetch", FetchAsync).WithSummary("Fetch from a remote").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/push", PushAsync).WithSummary("Push refspecs to a remote (forcing only with lease)").RequireAuthorization(LightningClaims.Policies.Operator);
    }

    /// <summary>The most commits one log request returns: enough for a commit graph, bounded so one request cannot hold the server.</summary>
    public const int MaxLogLimit = 10_000;

    const int DefaultLogLimit = 100;

    static async Task<Ok<GitStatus>> StatusAsync(string name, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken) =>
        TypedResults.Ok(await git.StatusAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Ok<IReadOnlyList<GitCommit>>> LogAsync(
        string name,
        string? revision,
        [FromQuery] string[]? path,
        string? author,
        string? since,
        string? until,
        string? grep,
        int? limit,
        int? skip,
        bool? firstParent,
        GitRepositoryRegistry registry,
        GitRepositoryService git,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var query = new GitLogQuery
        {
            Revision = Blank(revision),
            Paths = GitQuery.Paths(path),
            Author = Blank(author),
            Grep = Blank(grep),
            Since = GitQuery.Date(validator, "since", since),
            Until = GitQuery.Date(validator, "until", until),
            MaxCount = GitQuery.Bounded(validator, "limit", limit, DefaultLogLimit, 1, MaxLogLimit),
            Skip = GitQuery.Bounded(validator, "skip", skip, 0, 0, int.MaxValue),
            FirstParent = firstParent ?? false,
        };
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await git.LogAsync(await GitQuery.PathAsync(registry, name, cancellationToken), query, cancellationToken));
    }

    static async Task<Ok<GitCommitDetails>> ShowAsync(
        string name, string revision, int? context, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var contextLines = GitQuery.Bounded(validator, "context", context, 3, 0, 1000);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await git.ShowAsync(await GitQuery.PathAsync(registry, name, cancellationToken), GitQuery.RefFromRoute(revision), contextLines, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<GitDiffFile>>> DiffAsync(
        string name,
        string? from,
        string? to,
        bool? staged,
        [FromQuery] string[]? path,
        int? context,
        bool? patch,
        GitRepositoryRegistry registry,
        GitRepositoryService git,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var query = new GitDiffQuery
        {
            From = Blank(from),
            To = Blank(to),
            Staged = staged ?? false,
            Paths = GitQuery.Paths(path),
            ContextLines = GitQuery.Bounded(validator, "context", context, 3, 0, 1000),
            IncludePatch = patch ?? true,
        };
        if (query.To is not null && query.Staged)
        {
            validator.Add("staged", "staged compares the index with 'from'; it cannot be combined with 'to'.");
        }

        validator.ThrowIfInvalid();
        return TypedResults.Ok(await git.DiffAsync(await GitQuery.PathAsync(registry, name, cancellationToken), query, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<GitBlameLine>>> BlameAsync(
        string name, string? path, string? revision, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        new Validator().Require(!string.IsNullOrWhiteSpace(path), "path", "Give the file to blame: ?path=src/file.cs.").ThrowIfInvalid();
        return TypedResults.Ok(await git.BlameAsync(await GitQuery.PathAsync(registry, name, cancellationToken), path!, Blank(revision), cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<GitBranch>>> ListBranchesAsync(
        string name, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken) =>
        TypedResults.Ok(await git.ListBranchesAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Created<GitBranch>> CreateBranchAsync(
        string name, CreateBranchRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireText(request.Name, "name", "Give the new branch's name.");
        var branch = await git.CreateBranchAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request.Name, Blank(request.StartPoint), cancellationToken);
        return TypedResults.Created($"/api/v2/git/repositories/{name}/branches/{Uri.EscapeDataString(branch.Name)}", branch);
    }

    static async Task<Ok<GitBranch>> RenameBranchAsync(
        string name, string branch, RenameBranchRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireText(request.NewName, "newName", "Give the branch's new name.");
        return TypedResults.Ok(await git.RenameBranchAsync(await GitQuery.PathAsync(registry, name, cancellationToken), GitQuery.RefFromRoute(branch), request.NewName, cancellationToken));
    }

    static async Task<NoContent> DeleteBranchAsync(
        string name, string branch, bool? force, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        await git.DeleteBranchAsync(await GitQuery.PathAsync(registry, name, cancellationToken), GitQuery.RefFromRoute(branch), force ?? false, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<GitStatus>> SwitchAsync(
        string name, SwitchBranchRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireText(request.Branch, "branch", "Give the branch to switch to.");
        var path = await GitQuery.PathAsync(registry, name, cancellationToken);
        await git.SwitchAsync(path, request.Branch, request.Create, Blank(request.StartPoint), cancellationToken);
        return TypedResults.Ok(await git.StatusAsync(path, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<GitTag>>> ListTagsAsync(
        string name, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken) =>
        TypedResults.Ok(await git.ListTagsAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Created<GitTag>> CreateTagAsync(
        string name, CreateTagRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireText(request.Name, "name", "Give the tag's name.");
        var tag = await git.CreateTagAsync(
            await GitQuery.PathAsync(registry, name, cancellationToken), request.Name, Blank(request.Target), Blank(request.Message), cancellationToken);
        return TypedResults.Created($"/api/v2/git/repositories/{name}/tags/{Uri.EscapeDataString(tag.Name)}", tag);
    }

    static async Task<NoContent> DeleteTagAsync(string name, string tag, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        await git.DeleteTagAsync(await GitQuery.PathAsync(registry, name, cancellationToken), GitQuery.RefFromRoute(tag), cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<GitStatus>> StageAsync(
        string name, StageRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        var paths = Selection(request);
        var path = await GitQuery.PathAsync(registry, name, cancellationToken);
        await git.StageAsync(path, paths, cancellationToken);
        return TypedResults.Ok(await git.StatusAsync(path, cancellationToken));
    }

    static async Task<Ok<GitStatus>> UnstageAsync(
        string name, StageRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CancellationToken cancellationToken)
    {
        var paths = Selection(request);
        var path = await GitQuery.PathAsync(registry, name, cancellationToken);
        await git.UnstageAsync(path, paths, cancellationToken);
        return TypedResults.Ok(await git.StatusAsync(path, cancellationToken));
    }

    static async Task<Ok<GeneratedCommitMessage>> CommitMessageAsync(
        string name, GitRepositoryRegistry registry, CommitMessageGenerator generator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await generator.GenerateAsync(await GitQuery.PathAsync(registry, name, cancellationToken), cancellationToken));

    static async Task<Created<GitCommit>> CommitAsync(
        string name, CommitRequest request, GitRepositoryRegistry registry, GitRepositoryService git, CommitMessageGenerator generator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hasMessage = !string.IsNullOrWhiteSpace(request.Message);
        new Validator()
            .Require(hasMessage != request.Generate, "message", "Give a message, or generate: true for one written from the staged changes (not both).")
            .ThrowIfInvalid();
        var path = await GitQuery.PathAsync(registry, name, cancellationToken);
        var message = hasMessage ? request.Message! : (await generator.GenerateAsync(path, cancellationToken)).Message;
        var commit = await git.CommitAsync(path, message, request.AllowEmpty, request.Amend, cancellationToken);
        return TypedResults.Created($"/api/v2/git/repositories/{name}/commits/{commit.Sha}", commit);
    }

    // A repository linked to a hosting connection fetches and pushes with that connection's token (HTTPS remotes);
    // one without a connection runs with git's own credentials (ssh keys, credential helpers of the server's user).
    static async Task<NoContent> FetchAsync(
        string name, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] FetchRequest? request, GitRepositoryRegistry registry, HostingConnectionStore connections, GitRepositoryService git,
        CancellationToken cancellationToken)
    {
        var (path, token) = await PathAndTokenAsync(name, registry, connections, cancellationToken);
        await git.FetchAsync(path, Blank(request?.Remote) ?? "origin", token, request?.Prune ?? false, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<(string Path, string? Token)> PathAndTokenAsync(
        string name, GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        var repository = await registry.GetAsync(name, cancellationToken);
        var token = repository.Connection is { } connection ? await connections.TokenAsync(connection, cancellationToken) : null;
        return (repository.Path, token);
    }

    static async Task<NoContent> PushAsync(
        string name, PushRequest request, GitRepositoryRegistry registry, HostingConnectionStore connections, GitRepositoryService git,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new Validator()
            .Require(request.Refspecs is { Count: > 0 } && request.Refspecs.All(spec => !string.IsNullOrWhiteSpace(spec)), "refspecs",
                "Give the refspecs to push, e.g. [\"main\"] or [\"refs/tags/v1.2.0\"].")
            .ThrowIfInvalid();
        var (path, token) = await PathAndTokenAsync(name, registry, connections, cancellationToken);
        await git.PushAsync(path, Blank(request.Remote) ?? "origin", request.Refspecs, token, request.ForceWithLease, cancellationToken);
        return TypedResults.NoContent();
    }

    static string[]? Selection(StageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var paths = request.Paths?.Where(path => !string.IsNullOrEmpty(path)).ToArray();
        var hasPaths = paths is { Length: > 0 };
        new Validator()
            .Require(hasPaths != request.All, "paths", "Give the paths, or all: true for every change (not both).")
            .ThrowIfInvalid();
        return hasPaths ? paths : null;
    }

    internal static void RequireText(string? value, string field, string message) =>
        new Validator().Require(!string.IsNullOrWhiteSpace(value), field, message).ThrowIfInvalid();

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
