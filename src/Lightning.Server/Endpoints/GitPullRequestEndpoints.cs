using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Lightning.Server.Endpoints;

/// <summary>
/// One pull request (GitHub) or merge request (GitLab) of a registered repository's hosted repository: read, change,
/// ask for reviews, approve, comment on diff lines, read the comments; and the hosted repository itself. Listing,
/// opening and merging are in <see cref="GitHostingEndpoints"/>. Both providers answer in one shape; what a provider
/// lacks is a 400 (<c>git.provider_unsupported</c>, or a validation error naming the field it cannot honour).
/// </summary>
public static class GitPullRequestEndpoints
{
    const int MaxComments = 100;

    // GitLab reads a title starting with one of these as a draft, and drops the prefix to mark it ready.
    static readonly string[] DraftPrefixes = ["Draft:", "[Draft]", "(Draft)"];

    public static RouteGroupBuilder MapGitPullRequestEndpoints(this RouteGroupBuilder repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.MapGet("/hosted", GetHostedAsync).WithSummary("The hosted repository (GitHub) or project (GitLab) the repository is linked to");
        repository.MapGet("/pull-requests/{number:long}", GetAsync).WithSummary("One pull or merge request, with its mergeability and reviewers");
        repository.MapPatch("/pull-requests/{number:long}", UpdateAsync).WithSummary("Change a pull or merge request's title, body, base, state or (GitLab) draft")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/pull-requests/{number:long}/reviewers", RequestReviewersAsync).WithSummary("Ask users (or GitHub teams) to review")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/pull-requests/{number:long}/approve", ApproveAsync).WithSummary("Approve as the connection's user")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/pull-requests/{number:long}/comments", PostCommentsAsync).WithSummary("Comment on lines of the diff")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapGet("/pull-requests/{number:long}/comments", ListCommentsAsync)
            .WithSummary("Comments: GitHub's review comments on diff lines; GitLab's discussion notes (diff and general, without system notes)");
        return repository;
    }

    static async Task<Ok<HostedRepositoryView>> GetHostedAsync([AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) =>
            {
                // GitHub's internal repositories are private to outsiders; the client reads only the private flag.
                var found = await github.GetRepositoryAsync(hosted, cancellationToken);
                return new HostedRepositoryView("github", found.Id, found.Name, found.FullName, found.DefaultBranch,
                    found.Private ? "private" : "public", found.HtmlUrl, found.CloneUrl);
            },
            gitlab: async (gitlab, hosted) =>
            {
                var project = await gitlab.GetProjectAsync(hosted, cancellationToken);
                return new HostedRepositoryView("gitlab", project.Id, project.Name, project.PathWithNamespace, project.DefaultBranch,
                    project.Visibility, project.WebUrl, project.HttpUrlToRepo);
            }));

    static async Task<Ok<PullRequestDetailView>> GetAsync([AsParameters] HostedRepository repository, long number, CancellationToken cancellationToken)
    {
        var change = HostedInput.ChangeNumber(number);
        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) => ToDetail(await github.GetPullRequestAsync(hosted, change, cancellationToken)),
            gitlab: async (gitlab, hosted) => ToDetail(await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken))));
    }

    static async Task<Ok<PullRequestDetailView>> UpdateAsync(
        [AsParameters] HostedRepository repository, long number, UpdatePullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator()
            .Require(request is not { Title: null, Body: null, Base: null, State: null, Draft: null }, "request",
                "Give at least one of title, body, base, state or draft.")
            .Require(request.Title is null || !string.IsNullOrWhiteSpace(request.Title), "title", "A title cannot be empty.")
            .Require(request.Base is null || !string.IsNullOrWhiteSpace(request.Base), "base", "A base branch cannot be empty.");
        var open = HostedInput.OpenOrClosed(validator, request.State);
        validator.ThrowIfInvalid();
        var change = HostedInput.ChangeNumber(number);

        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) =>
            {
                if (request.Draft is not null)
                {
                    throw GitHostingEndpoints.Invalid("draft",
                        "GitHub changes the draft state only through its GraphQL API, which the platform does not call; change it on GitHub.");
                }

                return ToDetail(await github.UpdatePullRequestAsync(hosted, change, new GitHubPullRequestUpdate
                {
                    Title = request.Title,
                    Body = request.Body,
                    Base = request.Base,
                    State = HostedInput.GitHubState(open),
                }, cancellationToken));
            },
            gitlab: async (gitlab, hosted) =>
            {
                string? title = null;
                if (request.Title is not null || request.Draft is not null)
                {
                    // The draft state lives in the title: read the current one so a new title keeps the draft
                    // state and a draft change keeps the words.
                    var current = await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken);
                    title = DraftTitle(request.Title ?? current.Title, request.Draft ?? current.Draft);
                    if (string.Equals(title, current.Title, StringComparison.Ordinal) && request is { Body: null, Base: null, State: null })
                    {
                        return ToDetail(current);
                    }
                }

                return ToDetail(await gitlab.UpdateMergeRequestAsync(hosted, change, new GitLabMergeRequestUpdate
                {
                    Title = title,
                    Description = request.Body,
                    TargetBranch = request.Base,
                    StateEvent = HostedInput.GitLabStateEvent(open),
                }, cancellationToken));
            }));
    }

    static async Task<Ok<PullRequestDetailView>> RequestReviewersAsync(
        [AsParameters] HostedRepository repository, long number, RequestReviewersRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        var reviewers = HostedInput.Names(validator, "reviewers", request.Reviewers);
        var teams = HostedInput.Names(validator, "teamReviewers", request.TeamReviewers);
        validator.Require(reviewers.Count + teams.Count > 0, "reviewers", "Name at least one reviewer (or, on GitHub, a team in teamReviewers).");
        validator.ThrowIfInvalid();
        var change = HostedInput.ChangeNumber(number);

        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) => ToDetail(await github.RequestReviewersAsync(hosted, change, reviewers, teams, cancellationToken)),
            gitlab: async (gitlab, hosted) =>
            {
                if (teams.Count > 0)
                {
                    throw GitHostingEndpoints.Invalid("teamReviewers", "GitLab has no team reviewers; name users in reviewers.");
                }

                // GitLab replaces the whole reviewer list: keep those already asked, as GitHub does.
                var current = await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken);
                var ids = await HostedInput.GitLabUserIdsAsync(gitlab, "reviewers", reviewers, cancellationToken);
                var all = current.Reviewers.Select(user => user.Id).Concat(ids).Distinct().ToList();
                return ToDetail(await gitlab.UpdateMergeRequestAsync(hosted, change, new GitLabMergeRequestUpdate { ReviewerIds = all }, cancellationToken));
            }));
    }

    static async Task<NoContent> ApproveAsync(
        [AsParameters] HostedRepository repository, long number, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovePullRequestRequest? request,
        CancellationToken cancellationToken)
    {
        var sha = GitRepositoryEndpoints.Blank(request?.Sha)?.Trim();
        new Validator()
            .Require(sha is null || (sha.Length is >= 7 and <= 64 && sha.All(char.IsAsciiHexDigit)), "sha", "A commit sha is 7 to 64 hexadecimal digits.")
            .ThrowIfInvalid();
        var change = HostedInput.ChangeNumber(number);
        await repository.ByProviderAsync(
            github: (github, hosted) => github.ApprovePullRequestAsync(hosted, change, sha, body: null, cancellationToken),
            gitlab: (gitlab, hosted) => gitlab.ApproveMergeRequestAsync(hosted, change, sha, cancellationToken));
        return TypedResults.NoContent();
    }

    static async Task<Created<IReadOnlyList<PostedReviewComment>>> PostCommentsAsync(
        [AsParameters] HostedRepository repository, long number, PostPullRequestCommentsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var comments = request.Comments ?? [];
        var validator = new Validator()
            .Require(comments.Count is > 0 and <= MaxComments, "comments", $"Give 1 to {MaxComments} comments.");
        for (var i = 0; i < comments.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"comments[{i}]");
            if (comments[i] is not { } comment)
            {
                validator.Add(field, "A comment is {path, line, body}.");
                continue;
            }

            validator
                .Require(IsRepositoryPath(comment.Path), field + ".path", "A file path inside the repository: relative, forward slashes, no '.' or '..' segments.")
                .Require(comment.Line >= 1, field + ".line", "A line of the file's new version, from 1.")
                .Require(!string.IsNullOrWhiteSpace(comment.Body), field + ".body", "Give the comment's text.");
        }

        validator.ThrowIfInvalid();
        var change = HostedInput.ChangeNumber(number);

        // Both providers post these through the interface code review automation uses.
        var posted = await repository.CallAsync((client, hosted) => client.PostReviewCommentsAsync(hosted, change, comments, cancellationToken));
        return TypedResults.Created((string?)null, posted);
    }

    static async Task<Ok<IReadOnlyList<PullRequestCommentView>>> ListCommentsAsync(
        [AsParameters] HostedRepository repository, long number, CancellationToken cancellationToken)
    {
        var change = HostedInput.ChangeNumber(number);
        return TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<PullRequestCommentView>>(
            github: async (github, hosted) => (await github.ListReviewCommentsAsync(hosted, change, cancellationToken))
                .Select(comment => new PullRequestCommentView(Text(comment.Id), comment.Author, comment.Body, comment.Path, comment.Line, comment.HtmlUrl,
                    Text(comment.InReplyToId ?? comment.Id))).ToList(),
            gitlab: async (gitlab, hosted) =>
            {
                // Read first for its web address: GitLab's notes carry none.
                var mergeRequest = await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken);
                var discussions = await gitlab.ListMergeRequestDiscussionsAsync(hosted, change, cancellationToken);
                return discussions.SelectMany(discussion => discussion.Notes.Where(note => !note.System).Select(note => new PullRequestCommentView(
                    Text(note.Id), note.Author?.Username, note.Body, note.Position?.NewPath ?? note.Position?.OldPath, note.Position?.NewLine,
                    $"{mergeRequest.WebUrl}#note_{Text(note.Id)}", discussion.Id))).ToList();
            }));
    }

    internal static string DraftTitle(string title, bool draft)
    {
        var bare = title.TrimStart();
        foreach (var prefix in DraftPrefixes)
        {
            if (bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                bare = bare[prefix.Length..].TrimStart();
                break;
            }
        }

        return draft ? "Draft: " + bare : bare;
    }

    static bool IsRepositoryPath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains(':', StringComparison.Ordinal) && path.Split('/').All(part => part is not ("" or "." or ".."));

    static bool? Mergeable(string? detailedMergeStatus) => detailedMergeStatus switch
    {
        null or "checking" or "unchecked" or "preparing" or "approvals_syncing" => null,
        "mergeable" => true,
        _ => false,
    };

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The list's view (<see cref="GitHostingEndpoints.ToView(GitHubPullRequest)"/>) with what only one pull request answers.</summary>
    static PullRequestDetailView ToDetail(GitHubPullRequest pull) =>
        Detail(GitHostingEndpoints.ToView(pull), pull.Body, pull.HeadSha, pull.Mergeable, pull.MergeableState, pull.RequestedReviewers, pull.RequestedTeams);

    static PullRequestDetailView ToDetail(GitLabMergeRequest request) =>
        Detail(GitHostingEndpoints.ToView(request), request.Description, request.DiffRefs?.HeadSha ?? request.Sha, Mergeable(request.DetailedMergeStatus),
            request.DetailedMergeStatus, request.Reviewers.Select(user => user.Username).ToList(), []);

    static PullRequestDetailView Detail(
        PullRequestView view, string? body, string? headSha, bool? mergeable, string? mergeState, IReadOnlyList<string> reviewers,
        IReadOnlyList<string> teamReviewers) =>
        new(view.Provider, view.Number, view.Title, view.State, view.Head, view.Base, view.Draft, view.Merged, view.Url, body, headSha, mergeable,
            mergeState, reviewers, teamReviewers);
}
