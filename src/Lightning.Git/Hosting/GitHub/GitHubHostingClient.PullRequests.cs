using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Errors;
using Octokit;

namespace Lightning.Git.Hosting.GitHub;

public sealed partial class GitHubHostingClient
{
    public Task<GitHubPullRequest> CreatePullRequestAsync(string repository, GitHubNewPullRequest pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var (owner, name) = Split(repository);
        var request = new NewPullRequest(pullRequest.Title, pullRequest.Head, pullRequest.Base) { Body = pullRequest.Body, Draft = pullRequest.Draft };
        return CallAsync($"creating a pull request in {repository}",
            async () => ToPullRequest(await _octokit.PullRequest.Create(owner, name, request)), cancellationToken);
    }

    public Task<GitHubPullRequest> GetPullRequestAsync(string repository, int number, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"pull request #{number} of {repository}",
            async () => ToPullRequest(await _octokit.PullRequest.Get(owner, name, number)), cancellationToken);
    }

    public Task<GitHubPullRequest> UpdatePullRequestAsync(
        string repository, int number, GitHubPullRequestUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (owner, name) = Split(repository);
        var request = new PullRequestUpdate { Title = update.Title, Body = update.Body, Base = update.Base };
        if (update.State is not null)
        {
            request.State = ParseState(update.State);
        }

        return CallAsync($"updating pull request #{number} of {repository}",
            async () => ToPullRequest(await _octokit.PullRequest.Update(owner, name, number, request)), cancellationToken);
    }

    /// <summary>Open pull requests, or all of them when <paramref name="includeClosed"/>; every page.</summary>
    public Task<IReadOnlyList<GitHubPullRequest>> ListPullRequestsAsync(string repository, bool includeClosed, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var request = new PullRequestRequest { State = includeClosed ? ItemStateFilter.All : ItemStateFilter.Open };
        return CallAsync($"pull requests of {repository}", async () =>
            (IReadOnlyList<GitHubPullRequest>)(await _octokit.PullRequest.GetAllForRepository(owner, name, request)).Select(ToPullRequest).ToList(),
            cancellationToken);
    }

    /// <summary>Asks users (logins) and teams (slugs) to review.</summary>
    public Task<GitHubPullRequest> RequestReviewersAsync(
        string repository, int number, IReadOnlyList<string> reviewers, IReadOnlyList<string> teamReviewers, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        if (reviewers.Count + teamReviewers.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "github.no_reviewers", "Name at least one reviewer or team.");
        }

        return CallAsync($"requesting reviews on #{number} of {repository}", async () =>
            ToPullRequest(await _octokit.PullRequest.ReviewRequest.Create(owner, name, number, new PullRequestReviewRequest(reviewers, teamReviewers))),
            cancellationToken);
    }

    /// <summary>
    /// Merges the pull request. With <paramref name="expectedHeadSha"/>, GitHub refuses (<c>github.conflict</c>) when
    /// the head moved since the caller looked, so nothing unreviewed is merged.
    /// </summary>
    public Task<GitHubMergeResult> MergePullRequestAsync(
        string repository, int number, GitHubMergeMethod method, string? expectedHeadSha, string? commitTitle, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var request = new MergePullRequest
        {
            Sha = expectedHeadSha,
            CommitTitle = commitTitle,
            MergeMethod = method switch
            {
                GitHubMergeMethod.Squash => PullRequestMergeMethod.Squash,
                GitHubMergeMethod.Rebase => PullRequestMergeMethod.Rebase,
                _ => PullRequestMergeMethod.Merge,
            },
        };
        return CallAsync($"merging #{number} of {repository}", async () =>
        {
            var merge = await _octokit.PullRequest.Merge(owner, name, number, request);
            return new GitHubMergeResult(merge.Merged, merge.Sha, merge.Message);
        }, cancellationToken);
    }

    public async Task<GitHubMergeability> GetMergeabilityAsync(string repository, int number, CancellationToken cancellationToken)
    {
        var pullRequest = await GetPullRequestAsync(repository, number, cancellationToken);
        return new GitHubMergeability(pullRequest.Number, pullRequest.Mergeable, pullRequest.MergeableState, pullRequest.HeadSha);
    }

    /// <summary>
    /// Creates one review (event <c>COMMENT</c>) on the pull request's current head commit with a comment on each line
    /// (<c>side: RIGHT</c>, the new version of the file) and returns the comments as GitHub stored them. Octokit 14 can
    /// only address diff positions, so this goes through the typed client.
    /// </summary>
    public async Task<IReadOnlyList<PostedReviewComment>> CreateReviewAsync(
        string repository, int number, string body, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var (owner, name) = Split(repository);
        foreach (var comment in comments)
        {
            ValidateComment(comment);
        }

        if (comments.Count == 0)
        {
            return [];
        }

        var pullRequest = await GetPullRequestAsync(repository, number, cancellationToken);
        var payload = new JsonObject
        {
            ["commit_id"] = pullRequest.HeadSha,
            ["body"] = body,
            ["event"] = "COMMENT",
            ["comments"] = new JsonArray(comments.Select(comment => (JsonNode)new JsonObject
            {
                ["path"] = comment.Path,
                ["line"] = comment.Line,
                ["side"] = "RIGHT",
                ["body"] = comment.Body,
            }).ToArray()),
        };
        var basePath = $"repos/{Segment(owner)}/{Segment(name)}/pulls/{number}/reviews";
        var review = await _rest.SendAsync(HttpMethod.Post, basePath, payload, $"reviewing #{number} of {repository}", cancellationToken);
        var reviewId = review!.Value.GetProperty("id").GetInt64();
        var posted = await _rest.GetAllAsync($"{basePath}/{reviewId}/comments?per_page=100", null, $"review comments on #{number} of {repository}", cancellationToken);
        return posted.Select(comment => new PostedReviewComment(
            comment.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            comment.GetProperty("path").GetString() ?? string.Empty,
            Int(comment, "line") ?? Int(comment, "original_line") ?? 0,
            Str(comment, "html_url"))).ToList();
    }

    /// <summary>
    /// Submits an <c>APPROVE</c> review on the pull request's current head as the token's user. With
    /// <paramref name="expectedHeadSha"/>, refuses (<c>github.conflict</c>) when the head moved since the caller
    /// looked, as GitLab's approve does: GitHub itself would approve the head whatever commit is named.
    /// </summary>
    public async Task<GitHubReview> ApprovePullRequestAsync(
        string repository, int number, string? expectedHeadSha, string? body, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var pullRequest = await GetPullRequestAsync(repository, number, cancellationToken);
        if (expectedHeadSha is not null && !string.Equals(expectedHeadSha, pullRequest.HeadSha, StringComparison.OrdinalIgnoreCase))
        {
            throw new LightningException(ErrorKind.Conflict, "github.conflict",
                $"Pull request #{number} of {repository} is at {pullRequest.HeadSha}, not {expectedHeadSha}; review the new commits first.");
        }

        var payload = new JsonObject { ["commit_id"] = pullRequest.HeadSha, ["event"] = "APPROVE" };
        if (!string.IsNullOrWhiteSpace(body))
        {
            payload["body"] = body;
        }

        var review = (await _rest.SendAsync(HttpMethod.Post, $"repos/{Segment(owner)}/{Segment(name)}/pulls/{number}/reviews", payload,
            $"approving #{number} of {repository}", cancellationToken))!.Value;
        return new GitHubReview(review.GetProperty("id").GetInt64(), Str(review, "state") ?? string.Empty,
            Str(review, "commit_id") ?? pullRequest.HeadSha, Str(review, "html_url"));
    }

    /// <summary>The comments on diff lines of the pull request (every review's, oldest first), every page.</summary>
    public async Task<IReadOnlyList<GitHubReviewComment>> ListReviewCommentsAsync(string repository, int number, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var comments = await _rest.GetAllAsync($"repos/{Segment(owner)}/{Segment(name)}/pulls/{number}/comments?per_page=100", null,
            $"review comments on #{number} of {repository}", cancellationToken);
        return comments.Select(comment => new GitHubReviewComment(
            comment.GetProperty("id").GetInt64(),
            Str(comment, "path") ?? string.Empty,
            Int(comment, "line"),
            Str(comment, "body") ?? string.Empty,
            comment.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object ? Str(user, "login") : null,
            Str(comment, "html_url"),
            comment.TryGetProperty("in_reply_to_id", out var reply) && reply.ValueKind == JsonValueKind.Number ? reply.GetInt64() : null)).ToList();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PostedReviewComment>> PostReviewCommentsAsync(
        string repository, int changeNumber, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken) =>
        CreateReviewAsync(repository, changeNumber, "Automated review by Agent Lightning.", comments, cancellationToken);

    static void ValidateComment(ReviewComment comment)
    {
        var path = comment.Path ?? string.Empty;
        // Paths name files inside the repository: relative, forward slashes, no way out of it.
        var escapes = path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal)
            || path.Contains(':', StringComparison.Ordinal)
            || path.Split('/').Any(part => part is "" or "." or "..");
        if (escapes)
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_review_comment",
                $"'{path}' is not a file path inside the repository.");
        }

        if (comment.Line < 1 || string.IsNullOrWhiteSpace(comment.Body))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_review_comment",
                $"A review comment on {path} needs a line from 1 and a body.");
        }
    }

    static ItemState ParseState(string state) => state.ToUpperInvariant() switch
    {
        "OPEN" => ItemState.Open,
        "CLOSED" => ItemState.Closed,
        _ => throw new LightningException(ErrorKind.Invalid, "github.invalid_state", $"'{state}' is not a state; use open or closed."),
    };

    static GitHubPullRequest ToPullRequest(PullRequest pullRequest) => new(
        pullRequest.Id, pullRequest.Number, pullRequest.State.StringValue, pullRequest.Title, pullRequest.Body,
        pullRequest.Head?.Ref ?? string.Empty, pullRequest.Head?.Sha ?? string.Empty, pullRequest.Base?.Ref ?? string.Empty,
        pullRequest.Draft, pullRequest.Merged, pullRequest.Mergeable, pullRequest.MergeableState?.StringValue, pullRequest.HtmlUrl)
    {
        RequestedReviewers = (pullRequest.RequestedReviewers ?? []).Select(user => user.Login).ToList(),
        RequestedTeams = (pullRequest.RequestedTeams ?? []).Select(team => team.Slug).ToList(),
    };

    static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
