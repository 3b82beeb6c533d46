using Lightning.Core.Errors;
using Octokit;

namespace Lightning.Git.Hosting.GitHub;

public sealed partial class GitHubHostingClient
{
    /// <summary>
    /// Issues of the repository, every page. GitHub's issues list includes pull requests; they are left out here.
    /// </summary>
    public Task<IReadOnlyList<GitHubIssue>> ListIssuesAsync(string repository, bool includeClosed, CancellationToken cancellationToken) =>
        ListIssuesAsync(repository, includeClosed ? "all" : "open", cancellationToken);

    /// <summary>Issues in <paramref name="state"/> (<c>open</c>, <c>closed</c> or <c>all</c>), every page, without pull requests.</summary>
    public Task<IReadOnlyList<GitHubIssue>> ListIssuesAsync(string repository, string state, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var request = new RepositoryIssueRequest
        {
            State = state?.ToUpperInvariant() switch
            {
                "OPEN" => ItemStateFilter.Open,
                "CLOSED" => ItemStateFilter.Closed,
                "ALL" => ItemStateFilter.All,
                _ => throw new LightningException(ErrorKind.Invalid, "github.invalid_state", $"'{state}' is not a state; use open, closed or all."),
            },
        };
        return CallAsync($"issues of {repository}", async () =>
            (IReadOnlyList<GitHubIssue>)(await _octokit.Issue.GetAllForRepository(owner, name, request))
                .Where(issue => issue.PullRequest is null)
                .Select(ToIssue)
                .ToList(), cancellationToken);
    }

    /// <summary>One issue. GitHub answers pull requests here too (they are issues to it); they come back as issues.</summary>
    public Task<GitHubIssue> GetIssueAsync(string repository, int number, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"issue #{number} of {repository}", async () => ToIssue(await _octokit.Issue.Get(owner, name, number)), cancellationToken);
    }

    public Task<GitHubIssue> CreateIssueAsync(string repository, GitHubNewIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var (owner, name) = Split(repository);
        var request = new NewIssue(issue.Title) { Body = issue.Body };
        foreach (var label in issue.Labels)
        {
            request.Labels.Add(label);
        }

        foreach (var assignee in issue.Assignees)
        {
            request.Assignees.Add(assignee);
        }

        return CallAsync($"creating an issue in {repository}", async () => ToIssue(await _octokit.Issue.Create(owner, name, request)), cancellationToken);
    }

    public Task<GitHubIssue> UpdateIssueAsync(string repository, int number, GitHubIssueUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (owner, name) = Split(repository);
        var request = new IssueUpdate { Title = update.Title, Body = update.Body };
        if (update.State is not null)
        {
            request.State = ParseState(update.State);
        }

        if (update.Labels is not null)
        {
            // An empty list must reach GitHub as [] (remove all), not be left out.
            request.ClearLabels();
            foreach (var label in update.Labels)
            {
                request.AddLabel(label);
            }
        }

        return CallAsync($"updating issue #{number} of {repository}",
            async () => ToIssue(await _octokit.Issue.Update(owner, name, number, request)), cancellationToken);
    }

    /// <summary>Comments on an issue or a pull request (both are issues to GitHub's comment API).</summary>
    public Task<GitHubComment> CommentAsync(string repository, int number, string body, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"commenting on #{number} of {repository}", async () =>
        {
            var comment = await _octokit.Issue.Comment.Create(owner, name, number, body);
            return new GitHubComment(comment.Id, comment.Body, comment.User?.Login, comment.HtmlUrl);
        }, cancellationToken);
    }

    /// <summary>Adds labels to an issue or pull request and returns all its labels.</summary>
    public Task<IReadOnlyList<string>> AddLabelsAsync(string repository, int number, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"labelling #{number} of {repository}", async () =>
            (IReadOnlyList<string>)(await _octokit.Issue.Labels.AddToIssue(owner, name, number, [.. labels])).Select(label => label.Name).ToList(),
            cancellationToken);
    }

    /// <summary>
    /// Removes one label and returns the labels left. The name is escaped here: Octokit puts it into the path as is, so
    /// a label such as <c>area/ui</c> would otherwise address another resource.
    /// </summary>
    public Task<IReadOnlyList<string>> RemoveLabelAsync(string repository, int number, string label, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"removing label {label} from #{number} of {repository}", async () =>
            (IReadOnlyList<string>)(await _octokit.Issue.Labels.RemoveFromIssue(owner, name, number, Segment(label))).Select(item => item.Name).ToList(),
            cancellationToken);
    }

    static GitHubIssue ToIssue(Issue issue) => new(
        issue.Id, issue.Number, issue.State.StringValue, issue.Title, issue.Body,
        (issue.Labels ?? []).Select(label => label.Name).ToList(), issue.HtmlUrl);
}
