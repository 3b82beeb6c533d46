using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Issues of a registered repository's hosted repository (GitHub and GitLab alike: list, open, read, change, comment,
/// label) and GitLab's issue boards (GitHub has none in its REST API: 400 <c>git.provider_unsupported</c>).
/// </summary>
public static class GitIssueEndpoints
{
    const int MaxTitle = 255;
    const int MaxText = 65_536;

    public static RouteGroupBuilder MapGitIssueEndpoints(this RouteGroupBuilder repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.MapGet("/issues", ListAsync).WithSummary("Issues of the hosted repository (?state=open|closed|all; pull requests left out)");
        repository.MapPost("/issues", CreateAsync).WithSummary("Open an issue with labels and assignees (usernames)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapGet("/issues/{number:long}", GetAsync).WithSummary("One issue");
        repository.MapPatch("/issues/{number:long}", UpdateAsync).WithSummary("Change an issue's title, body, state or labels")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/issues/{number:long}/comments", CommentAsync).WithSummary("Comment on an issue")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/issues/{number:long}/labels", AddLabelsAsync).WithSummary("Add labels to an issue, keeping the others")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapDelete("/issues/{number:long}/labels/{label}", RemoveLabelAsync).WithSummary("Remove one label from an issue")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapGet("/boards", ListBoardsAsync).WithSummary("GitLab issue boards with their lists");
        repository.MapGet("/boards/{id:long}/lists", ListBoardListsAsync).WithSummary("The lists (columns) of a GitLab issue board");
        return repository;
    }

    static async Task<Ok<IReadOnlyList<IssueView>>> ListAsync(
        [AsParameters] HostedRepository repository, string? state, CancellationToken cancellationToken)
    {
        var wanted = (state?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "open" => "open",
            "closed" => "closed",
            "all" => "all",
            _ => throw GitHostingEndpoints.Invalid("state", "The state is 'open' (default), 'closed' or 'all'."),
        };
        var views = await repository.ByProviderAsync<IReadOnlyList<IssueView>>(
            github: async (github, hosted) => (await github.ListIssuesAsync(hosted, wanted, cancellationToken)).Select(ToView).ToList(),
            gitlab: async (gitlab, hosted) => (await gitlab.ListIssuesAsync(hosted, wanted switch { "open" => "opened", "closed" => "closed", _ => null },
                cancellationToken)).Select(ToView).ToList());
        return TypedResults.Ok(views);
    }

    static async Task<Created<IssueView>> CreateAsync(
        [AsParameters] HostedRepository repository, CreateIssueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var title = request.Title ?? string.Empty;
        var validator = new Validator()
            .Require(!string.IsNullOrWhiteSpace(title), "title", "Give the title.")
            .Require(title.Length <= MaxTitle, "title", $"A title is at most {MaxTitle} characters.")
            .Require(request.Body is null || request.Body.Length <= MaxText, "body", $"A body is at most {MaxText} characters.");
        var labels = HostedInput.Names(validator, "labels", request.Labels);
        var assignees = HostedInput.Names(validator, "assignees", request.Assignees);
        validator.ThrowIfInvalid();

        var view = await repository.ByProviderAsync(
            github: async (github, hosted) => ToView(await github.CreateIssueAsync(hosted,
                new GitHubNewIssue(title) { Body = request.Body, Labels = labels, Assignees = assignees }, cancellationToken)),
            gitlab: async (gitlab, hosted) =>
            {
                GitLabLabels("labels", labels);
                var assigneeIds = await HostedInput.GitLabUserIdsAsync(gitlab, "assignees", assignees, cancellationToken);
                return ToView(await gitlab.CreateIssueAsync(hosted, new GitLabIssueCreate
                {
                    Title = title,
                    Description = request.Body,
                    Labels = labels.Count > 0 ? labels : null,
                    AssigneeIds = assigneeIds.Count > 0 ? assigneeIds : null,
                }, cancellationToken));
            });
        return TypedResults.Created(view.Url, view);
    }

    static async Task<Ok<IssueView>> GetAsync([AsParameters] HostedRepository repository, long number, CancellationToken cancellationToken)
    {
        var issue = HostedInput.ChangeNumber(number);
        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) => ToView(await github.GetIssueAsync(hosted, issue, cancellationToken)),
            gitlab: async (gitlab, hosted) => ToView(await gitlab.GetIssueAsync(hosted, issue, cancellationToken))));
    }

    static async Task<Ok<IssueView>> UpdateAsync(
        [AsParameters] HostedRepository repository, long number, UpdateIssueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator()
            .Require(request is not { Title: null, Body: null, State: null, Labels: null }, "request", "Give at least one of title, body, state or labels.")
            .Require(request.Title is null || !string.IsNullOrWhiteSpace(request.Title), "title", "A title cannot be empty.")
            .Require(request.Title is null || request.Title.Length <= MaxTitle, "title", $"A title is at most {MaxTitle} characters.")
            .Require(request.Body is null || request.Body.Length <= MaxText, "body", $"A body is at most {MaxText} characters.");
        var open = HostedInput.OpenOrClosed(validator, request.State);
        var labels = request.Labels is null ? null : HostedInput.Names(validator, "labels", request.Labels);
        validator.ThrowIfInvalid();
        var issue = HostedInput.ChangeNumber(number);

        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) => ToView(await github.UpdateIssueAsync(hosted, issue, new GitHubIssueUpdate
            {
                Title = request.Title,
                Body = request.Body,
                State = HostedInput.GitHubState(open),
                Labels = labels,
            }, cancellationToken)),
            gitlab: async (gitlab, hosted) =>
            {
                GitLabLabels("labels", labels ?? []);
                return ToView(await gitlab.UpdateIssueAsync(hosted, issue, new GitLabIssueUpdate
                {
                    Title = request.Title,
                    Description = request.Body,
                    StateEvent = HostedInput.GitLabStateEvent(open),
                    Labels = labels,
                }, cancellationToken));
            }));
    }

    static async Task<Created<IssueCommentView>> CommentAsync(
        [AsParameters] HostedRepository repository, long number, CommentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body ?? string.Empty;
        new Validator()
            .Require(!string.IsNullOrWhiteSpace(body), "body", "Give the comment's text.")
            .Require(body.Length <= MaxText, "body", $"A comment is at most {MaxText} characters.")
            .ThrowIfInvalid();
        var issue = HostedInput.ChangeNumber(number);

        var view = await repository.ByProviderAsync(
            github: async (github, hosted) =>
            {
                var comment = await github.CommentAsync(hosted, issue, body, cancellationToken);
                return new IssueCommentView("github", Text(comment.Id), comment.Body, comment.Author, comment.HtmlUrl);
            },
            gitlab: async (gitlab, hosted) =>
            {
                var note = await gitlab.AddIssueNoteAsync(hosted, issue, body, cancellationToken);
                return new IssueCommentView("gitlab", Text(note.Id), note.Body, note.Author?.Username, Url: null);
            });
        return TypedResults.Created(view.Url, view);
    }

    static async Task<Ok<IssueLabelsView>> AddLabelsAsync(
        [AsParameters] HostedRepository repository, long number, IssueLabelsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        var labels = HostedInput.Names(validator, "labels", request.Labels);
        validator.Require(labels.Count > 0, "labels", "Name at least one label.");
        validator.ThrowIfInvalid();
        var issue = HostedInput.ChangeNumber(number);

        var all = await repository.ByProviderAsync(
            github: (github, hosted) => github.AddLabelsAsync(hosted, issue, labels, cancellationToken),
            gitlab: async (gitlab, hosted) =>
            {
                GitLabLabels("labels", labels);
                return (await gitlab.UpdateIssueAsync(hosted, issue, new GitLabIssueUpdate { AddLabels = labels }, cancellationToken)).Labels;
            });
        return TypedResults.Ok(new IssueLabelsView(issue, all));
    }

    static async Task<Ok<IssueLabelsView>> RemoveLabelAsync(
        [AsParameters] HostedRepository repository, long number, string label, CancellationToken cancellationToken)
    {
        // A label with a slash comes as %2F, which the server leaves encoded in a route value (as branch names do).
        var target = GitQuery.RefFromRoute(label).Trim();
        new Validator().Require(target.Length > 0, "label", "Name the label.").ThrowIfInvalid();
        var issue = HostedInput.ChangeNumber(number);

        var left = await repository.ByProviderAsync(
            github: (github, hosted) => github.RemoveLabelAsync(hosted, issue, target, cancellationToken),
            gitlab: async (gitlab, hosted) =>
            {
                GitLabLabels("label", [target]);
                return (await gitlab.UpdateIssueAsync(hosted, issue, new GitLabIssueUpdate { RemoveLabels = [target] }, cancellationToken)).Labels;
            });
        return TypedResults.Ok(new IssueLabelsView(issue, left));
    }

    static async Task<Ok<IReadOnlyList<BoardView>>> ListBoardsAsync([AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<BoardView>>(gitlab: async (gitlab, hosted) =>
            (await gitlab.ListBoardsAsync(hosted, cancellationToken))
            .Select(board => new BoardView(board.Id, board.Name, board.Lists.Select(ToView).ToList())).ToList()));

    static async Task<Ok<IReadOnlyList<BoardListView>>> ListBoardListsAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        new Validator().Require(id > 0, "id", "A board id is a positive whole number.").ThrowIfInvalid();
        return TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<BoardListView>>(gitlab: async (gitlab, hosted) =>
            (await gitlab.ListBoardListsAsync(hosted, id, cancellationToken)).Select(ToView).ToList()));
    }

    /// <summary>GitLab splits label lists at commas (its API takes comma-separated names), so a comma would make two labels.</summary>
    static void GitLabLabels(string field, IReadOnlyList<string> labels)
    {
        if (labels.Any(label => label.Contains(',', StringComparison.Ordinal)))
        {
            throw GitHostingEndpoints.Invalid(field, "GitLab label names cannot contain commas.");
        }
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    static IssueView ToView(GitHubIssue issue) => new("github", issue.Number, issue.Title, issue.State, issue.Body, issue.Labels, issue.HtmlUrl);

    static IssueView ToView(GitLabIssue issue) => new("gitlab", issue.Iid, issue.Title, issue.State, issue.Description, issue.Labels, issue.WebUrl);

    static BoardListView ToView(GitLabBoardList list) => new(list.Id, list.Label?.Name, list.Position, list.ListType);
}
