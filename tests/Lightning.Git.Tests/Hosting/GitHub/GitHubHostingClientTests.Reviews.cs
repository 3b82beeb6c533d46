using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    [Fact]
    public async Task RequestReviewersAsync_Answer_ReadsTheRequestedUsersAndTeams()
    {
        using var server = new RecordedHttpServer()
            .OnFile("POST", "/api/v3/repos/octo/hello/pulls/1347/requested_reviewers", "github/pull-review-requested.json", 201);
        using var client = GitHubTestClient.Create(server);

        var pullRequest = await client.RequestReviewersAsync("octo/hello", 1347, ["other_user"], ["justice-league"], Ct);

        pullRequest.RequestedReviewers.ShouldBe(["other_user"]);
        pullRequest.RequestedTeams.ShouldBe(["justice-league"]);
        pullRequest.Mergeable.ShouldBeNull();
    }

    [Fact]
    public async Task ApprovePullRequestAsync_HeadAsExpected_PostsAnApproveReviewOnTheHead()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json")
            .OnFile("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews", "github/review-approved.json");
        using var client = GitHubTestClient.Create(server);

        var review = await client.ApprovePullRequestAsync("octo/hello", 1347, HeadSha, "Ship it", Ct);

        review.ShouldBe(new GitHubReview(81, "APPROVED", HeadSha, "https://github.com/octo/hello/pull/1347#pullrequestreview-81"));
        var body = Json(server.Single("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews"));
        body.GetProperty("event").GetString().ShouldBe("APPROVE");
        body.GetProperty("commit_id").GetString().ShouldBe(HeadSha);
        body.GetProperty("body").GetString().ShouldBe("Ship it");
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task ApprovePullRequestAsync_HeadMoved_ConflictAndNothingPosted()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json");
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.ApprovePullRequestAsync("octo/hello", 1347, "1111111111111111111111111111111111111111", body: null, Ct));

        error.Code.ShouldBe("github.conflict");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        server.Requests.ShouldAllBe(request => request.Method == "GET");
    }

    [Fact]
    public async Task ListReviewCommentsAsync_TwoPages_ReadsLinesAuthorsAndThreads()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347/comments", "github/pull-comments-page1.json",
                headers: Link("/api/v3/repositories/1296269/pulls/1347/comments?per_page=100&page=2", "/api/v3/repositories/1296269/pulls/1347/comments?per_page=100&page=2"))
            .OnFile("GET", "/api/v3/repositories/1296269/pulls/1347/comments", "github/pull-comments-page2.json");
        using var client = GitHubTestClient.Create(server);

        var comments = await client.ListReviewCommentsAsync("octo/hello", 1347, Ct);

        comments.Select(comment => (comment.Id, comment.Path, comment.Line, comment.Author, comment.InReplyToId)).ShouldBe([
            (10L, "src/App.cs", (int?)12, (string?)"lightning-bot", (long?)null),
            (12L, "src/App.cs", 12, "octocat", 10),
            (13L, "src/Old.cs", null, "octocat", null),
        ]);
        comments[0].HtmlUrl.ShouldBe("https://github.com/octo/hello/pull/1347#discussion_r10");
        server.Requests.First().PathAndQuery.ShouldContain("per_page=100");
        server.Requests.Count.ShouldBe(2);
    }
}
