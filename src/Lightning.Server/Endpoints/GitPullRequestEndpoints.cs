using System.Globalization;
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
/// One pull request (GitHub) or merge request (GitLab) of a registered repository's hosted repository: read, change,
/// ask for reviews, approve, comment on diff lines, read the comments; and the hosted repository itself. Listing,
/// opening and merging are in <see cref="GitHostingEndpoints"/>. Both providers answer in one shape; what a provider
/// lacks is a 400 (<c>git.provider_unsupported</c>, or a validation error naming the field it cannot honour).
/// </summary>
public static class GitPullRequestEndpoints
{
    const int MaxNames = 100;
    const int MaxComments = 100;

    // GitLab reads a title starting with one of these as a draft, and drops the prefix to mark it ready.
    static readonly string[] DraftPrefixes = ["Draft:", "[Draft]", "(Draft)"];

    public static RouteGroupBuilder MapGitPullRequestEndpoints(this RouteGroupBuilder git)
    {
        ArgumentNullException.ThrowIfNull(git);
        var repository = git.MapGroup("/repositories/{name}");
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
        return git;
    }

    static async Task<Ok<HostedRepositoryView>> GetHostedAsync(
        string name, GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        var view = await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) =>
        {
            switch (client)
            {
                case GitHubHostingClient github:
                    // GitHub's internal repositories are private to outsiders; the client reads only the private flag.
                    var repository = await github.GetRepositoryAsync(hosted, cancellationToken);
                    return new HostedRepositoryView("github", repository.Id, repository.Name, repository.FullName, repository.DefaultBranch,
                        repository.Private ? "private" : "public", repository.HtmlUrl, repository.CloneUrl);
                case GitLabClient gitlab:
                    var project = await gitlab.GetProjectAsync(hosted, cancellationToken);
                    return new HostedRepositoryView("gitlab", project.Id, project.Name, project.PathWithNamespace, project.DefaultBranch,
                        project.Visibility, project.WebUrl, project.HttpUrlToRepo);
                default:
                    throw GitHostingEndpoints.Unsupported(client);
            }
        }, cancellationToken);
        return TypedResults.Ok(view);
    }

    static async Task<Ok<PullRequestDetailView>> GetAsync(
        string name, long number, GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        var change = ChangeNumber(number);
        var view = await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) => client switch
        {
            GitHubHostingClient github => ToDetail(await github.GetPullRequestAsync(hosted, change, cancellationToken)),
            GitLabClient gitlab => ToDetail(await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken)),
            _ => throw GitHostingEndpoints.Unsupported(client),
        }, cancellationToken);
        return TypedResults.Ok(view);
    }

    static async Task<Ok<PullRequestDetailView>> UpdateAsync(
        string name, long number, UpdatePullRequestRequest request, GitRepositoryRegistry registry, HostingConnectionStore connections,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator()
            .Require(request is not { Title: null, Body: null, Base: null, State: null, Draft: null }, "request",
                "Give at least one of title, body, base, state or draft.")
            .Require(request.Title is null || !string.IsNullOrWhiteSpace(request.Title), "title", "A title cannot be empty.")
            .Require(request.Base is null || !string.IsNullOrWhiteSpace(request.Base), "base", "A base branch cannot be empty.");
        var open = OpenOrClosed(validator, request.State);
        validator.ThrowIfInvalid();
        var change = ChangeNumber(number);

        var view = await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) =>
        {
            switch (client)
            {
                case GitHubHostingClient github:
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
                        State = open switch { true => "open", false => "closed", null => null },
                    }, cancellationToken));
                case GitLabClient gitlab:
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
                        StateEvent = open switch { true => "reopen", false => "close", null => null },
                    }, cancellationToken));
                default:
                    throw GitHostingEndpoints.Unsupported(client);
            }
        }, cancellationToken);
        return TypedResults.Ok(view);
    }

    static async Task<Ok<PullRequestDetailView>> RequestReviewersAsync(
        string name, long number, RequestReviewersRequest request, GitRepositoryRegistry registry, HostingConnectionStore connections,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        var reviewers = Names(validator, "reviewers", request.Reviewers);
        var teams = Names(validator, "teamReviewers", request.TeamReviewers);
        validator.Require(reviewers.Count + teams.Count > 0, "reviewers", "Name at least one reviewer (or, on GitHub, a team in teamReviewers).");
        validator.ThrowIfInvalid();
        var change = ChangeNumber(number);

        var view = await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) =>
        {
            switch (client)
            {
                case GitHubHostingClient github:
                    return ToDetail(await github.RequestReviewersAsync(hosted, change, reviewers, teams, cancellationToken));
                case GitLabClient gitlab:
                    if (teams.Count > 0)
                    {
                        throw GitHostingEndpoints.Invalid("teamReviewers", "GitLab has no team reviewers; name users in reviewers.");
                    }

                    // GitLab replaces the whole reviewer list: keep those already asked, as GitHub does.
                    var current = await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken);
                    var ids = await UserIdsAsync(gitlab, "reviewers", reviewers, cancellationToken);
                    var all = current.Reviewers.Select(user => user.Id).Concat(ids).Distinct().ToList();
                    return ToDetail(await gitlab.UpdateMergeRequestAsync(hosted, change, new GitLabMergeRequestUpdate { ReviewerIds = all }, cancellationToken));
                default:
                    throw GitHostingEndpoints.Unsupported(client);
            }
        }, cancellationToken);
        return TypedResults.Ok(view);
    }

    static async Task<NoContent> ApproveAsync(
        string name, long number, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovePullRequestRequest? request,
        GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        var sha = GitRepositoryEndpoints.Blank(request?.Sha)?.Trim();
        new Validator()
            .Require(sha is null || (sha.Length is >= 7 and <= 64 && sha.All(char.IsAsciiHexDigit)), "sha", "A commit sha is 7 to 64 hexadecimal digits.")
            .ThrowIfInvalid();
        var change = ChangeNumber(number);
        await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) =>
        {
            switch (client)
            {
                case GitHubHostingClient github:
                    await github.ApprovePullRequestAsync(hosted, change, sha, body: null, cancellationToken);
                    return true;
                case GitLabClient gitlab:
                    await gitlab.ApproveMergeRequestAsync(hosted, change, sha, cancellationToken);
                    return true;
                default:
                    throw GitHostingEndpoints.Unsupported(client);
            }
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Created<IReadOnlyList<PostedReviewComment>>> PostCommentsAsync(
        string name, long number, PostPullRequestCommentsRequest request, GitRepositoryRegistry registry, HostingConnectionStore connections,
        CancellationToken cancellationToken)
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
        var change = ChangeNumber(number);

        // Both providers post these through the interface code review automation uses.
        var posted = await GitHostingEndpoints.WithClientAsync(name, registry, connections,
            (client, hosted) => client.PostReviewCommentsAsync(hosted, change, comments, cancellationToken), cancellationToken);
        return TypedResults.Created((string?)null, posted);
    }

    static async Task<Ok<IReadOnlyList<PullRequestCommentView>>> ListCommentsAsync(
        string name, long number, GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
    {
        var change = ChangeNumber(number);
        var views = await GitHostingEndpoints.WithClientAsync(name, registry, connections, async (client, hosted) =>
        {
            switch (client)
            {
                case GitHubHostingClient github:
                    return (await github.ListReviewCommentsAsync(hosted, change, cancellationToken)).Select(comment => new PullRequestCommentView(
                        Text(comment.Id), comment.Author, comment.Body, comment.Path, comment.Line, comment.HtmlUrl,
                        Text(comment.InReplyToId ?? comment.Id))).ToList();
                case GitLabClient gitlab:
                    // Read first for its web address: GitLab's notes carry none.
                    var mergeRequest = await gitlab.GetMergeRequestAsync(hosted, change, cancellationToken);
                    var discussions = await gitlab.ListMergeRequestDiscussionsAsync(hosted, change, cancellationToken);
                    return discussions.SelectMany(discussion => discussion.Notes.Where(note => !note.System).Select(note => new PullRequestCommentView(
                        Text(note.Id), note.Author?.Username, note.Body, note.Position?.NewPath ?? note.Position?.OldPath, note.Position?.NewLine,
                        $"{mergeRequest.WebUrl}#note_{Text(note.Id)}", discussion.Id))).ToList();
                default:
                    throw GitHostingEndpoints.Unsupported(client);
            }
        }, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PullRequestCommentView>>(views);
    }

    /// <summary>A pull/merge request or issue number from the route: positive, and within GitHub's 32-bit numbers.</summary>
    internal static int ChangeNumber(long number) =>
        number is > 0 and <= int.MaxValue
            ? (int)number
            : throw GitHostingEndpoints.Invalid("number", "A number is a positive whole number (as #12 or !12).");

    /// <summary><c>open</c> → true, <c>closed</c> → false, absent → null; anything else is a <c>state</c> error.</summary>
    internal static bool? OpenOrClosed(Validator validator, string? state)
    {
        switch (state?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "open":
                return true;
            case "closed":
                return false;
            default:
                validator.Add("state", "The state is 'open' or 'closed'.");
                return null;
        }
    }

    /// <summary>Usernames, slugs or labels from a body: trimmed, none empty, at most <see cref="MaxNames"/>.</summary>
    internal static IReadOnlyList<string> Names(Validator validator, string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return [];
        }

        validator.Require(values.Count <= MaxNames, field, $"Give at most {MaxNames}.");
        validator.Require(values.All(value => !string.IsNullOrWhiteSpace(value)), field, "Names cannot be empty.");
        return values.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>GitLab user ids for usernames; an unknown username is a 400 naming <paramref name="field"/>, before anything changes.</summary>
    internal static async Task<IReadOnlyList<long>> UserIdsAsync(
        GitLabClient gitlab, string field, IReadOnlyList<string> usernames, CancellationToken cancellationToken)
    {
        var ids = new List<long>(usernames.Count);
        var unknown = new List<string>();
        foreach (var username in usernames)
        {
            if (await gitlab.FindUserAsync(username, cancellationToken) is { } user)
            {
                ids.Add(user.Id);
            }
            else
            {
                unknown.Add(username);
            }
        }

        return unknown.Count == 0 ? ids : throw GitHostingEndpoints.Invalid(field, $"GitLab has no user named {string.Join(", ", unknown)}.");
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

    static PullRequestDetailView ToDetail(GitHubPullRequest pull) =>
        new("github", pull.Number, pull.Title, pull.State, pull.HeadRef, pull.BaseRef, pull.Draft, pull.Merged, pull.HtmlUrl, pull.Body,
            pull.HeadSha, pull.Mergeable, pull.MergeableState, pull.RequestedReviewers, pull.RequestedTeams);

    static PullRequestDetailView ToDetail(GitLabMergeRequest request) =>
        new("gitlab", request.Iid, request.Title, request.State, request.SourceBranch, request.TargetBranch, request.Draft,
            string.Equals(request.State, "merged", StringComparison.Ordinal), request.WebUrl, request.Description,
            request.DiffRefs?.HeadSha ?? request.Sha, Mergeable(request.DetailedMergeStatus), request.DetailedMergeStatus,
            request.Reviewers.Select(user => user.Username).ToList(), []);
}
