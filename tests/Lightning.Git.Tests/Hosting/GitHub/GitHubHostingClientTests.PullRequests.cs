using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    [Fact]
    public async Task CreatePullRequestAsync_Recorded_SendsTitleHeadBaseBody()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/pulls", "github/pull.json", 201);
        using var client = GitHubTestClient.Create(server);

        var pullRequest = await client.CreatePullRequestAsync("octo/hello",
            new GitHubNewPullRequest("Amazing new feature", "new-topic", "main") { Body = "Please pull", Draft = true }, Ct);

        pullRequest.Number.ShouldBe(1347);
        pullRequest.HeadSha.ShouldBe(HeadSha);
        pullRequest.HeadRef.ShouldBe("new-topic");
        pullRequest.BaseRef.ShouldBe("main");
        pullRequest.State.ShouldBe("open");
        var body = Json(server.Single("POST", "/api/v3/repos/octo/hello/pulls"));
        body.GetProperty("title").GetString().ShouldBe("Amazing new feature");
        body.GetProperty("head").GetString().ShouldBe("new-topic");
        body.GetProperty("base").GetString().ShouldBe("main");
        body.GetProperty("body").GetString().ShouldBe("Please pull");
        body.GetProperty("draft").GetBoolean().ShouldBeTrue();
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task UpdatePullRequestAsync_TitleStateBase_SendsOnlyThose()
    {
        using var server = new RecordedHttpServer().OnFile("PATCH", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json");
        using var client = GitHubTestClient.Create(server);

        await client.UpdatePullRequestAsync("octo/hello", 1347,
            new GitHubPullRequestUpdate { Title = "Renamed", State = "closed", Base = "develop" }, Ct);

        var body = Json(server.Single("PATCH", "/api/v3/repos/octo/hello/pulls/1347"));
        body.GetProperty("title").GetString().ShouldBe("Renamed");
        body.GetProperty("state").GetString().ShouldBe("closed");
        body.GetProperty("base").GetString().ShouldBe("develop");
        body.TryGetProperty("body", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task UpdatePullRequestAsync_UnknownState_InvalidWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.UpdatePullRequestAsync("octo/hello", 1, new GitHubPullRequestUpdate { State = "merged" }, Ct));

        error.Code.ShouldBe("github.invalid_state");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListPullRequestsAsync_IncludeClosed_AsksForAllStates()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/pulls", "github/pulls.json");
        using var client = GitHubTestClient.Create(server);

        var pullRequests = await client.ListPullRequestsAsync("octo/hello", includeClosed: true, Ct);

        pullRequests.Select(pullRequest => (pullRequest.Number, pullRequest.State, pullRequest.Draft))
            .ShouldBe([(1347, "open", false), (1348, "closed", true)]);
        server.Requests.Single().PathAndQuery.ShouldContain("state=all");
    }

    [Fact]
    public async Task RequestReviewersAsync_UsersAndTeams_SendsBoth()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/pulls/1347/requested_reviewers", "github/pull.json", 201);
        using var client = GitHubTestClient.Create(server);

        await client.RequestReviewersAsync("octo/hello", 1347, ["octocat", "hubot"], ["justice-league"], Ct);

        var body = Json(server.Requests.Single());
        body.GetProperty("reviewers").EnumerateArray().Select(item => item.GetString()).ShouldBe(["octocat", "hubot"]);
        body.GetProperty("team_reviewers").EnumerateArray().Select(item => item.GetString()).ShouldBe(["justice-league"]);
    }

    [Fact]
    public async Task MergePullRequestAsync_SquashWithExpectedSha_SendsMethodAndSha()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", "/api/v3/repos/octo/hello/pulls/1347/merge", "github/pull-merged.json");
        using var client = GitHubTestClient.Create(server);

        var result = await client.MergePullRequestAsync("octo/hello", 1347, GitHubMergeMethod.Squash, HeadSha, "Feature (#1347)", Ct);

        result.ShouldBe(new GitHubMergeResult(true, HeadSha, "Pull Request successfully merged"));
        var body = Json(server.Requests.Single());
        body.GetProperty("merge_method").GetString().ShouldBe("squash");
        body.GetProperty("sha").GetString().ShouldBe(HeadSha);
        body.GetProperty("commit_title").GetString().ShouldBe("Feature (#1347)");
    }

    [Fact]
    public async Task MergePullRequestAsync_HeadMoved_Conflict()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", "/api/v3/repos/octo/hello/pulls/1347/merge", "github/pull-merge-conflict.json", 409);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.MergePullRequestAsync("octo/hello", 1347, GitHubMergeMethod.Rebase, "0000000000000000000000000000000000000000", null, Ct));

        error.Kind.ShouldBe(ErrorKind.Conflict);
        error.Code.ShouldBe("github.conflict");
        error.Message.ShouldContain("Head branch was modified");
        Json(server.Requests.Single()).GetProperty("merge_method").GetString().ShouldBe("rebase");
    }

    [Fact]
    public async Task GetMergeabilityAsync_Recorded_ReportsMergeableAndState()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json");
        using var client = GitHubTestClient.Create(server);

        var mergeability = await client.GetMergeabilityAsync("octo/hello", 1347, Ct);

        mergeability.ShouldBe(new GitHubMergeability(1347, true, "clean", HeadSha));
    }

    [Fact]
    public async Task PostReviewCommentsAsync_LineComments_OneReviewOnHeadCommitRightSide()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json")
            .OnFile("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews", "github/review.json")
            .OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347/reviews/80/comments", "github/review-comments.json");
        using var client = GitHubTestClient.Create(server);

        var posted = await client.PostReviewCommentsAsync("octo/hello", 1347,
            [new ReviewComment("src/App.cs", 12, "This file is over 1,000 lines."), new ReviewComment("src/Config.cs", 3, "This looks like a secret.")], Ct);

        client.ShouldBeAssignableTo<IGitHostingClient>()!.Provider.ShouldBe("github");
        posted.ShouldBe([
            new PostedReviewComment("10", "src/App.cs", 12, "https://github.com/octo/hello/pull/1347#discussion-diff-10"),
            new PostedReviewComment("11", "src/Config.cs", 3, "https://github.com/octo/hello/pull/1347#discussion-diff-11"),
        ]);
        var review = Json(server.Single("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews"));
        review.GetProperty("commit_id").GetString().ShouldBe(HeadSha);
        review.GetProperty("event").GetString().ShouldBe("COMMENT");
        var comments = review.GetProperty("comments").EnumerateArray().ToList();
        comments.Count.ShouldBe(2);
        comments[0].GetProperty("path").GetString().ShouldBe("src/App.cs");
        comments[0].GetProperty("line").GetInt32().ShouldBe(12);
        comments[0].GetProperty("side").GetString().ShouldBe("RIGHT");
        comments[1].GetProperty("body").GetString().ShouldBe("This looks like a secret.");
        server.ShouldAllBeAuthenticated();
        server.Single("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews").Headers["X-GitHub-Api-Version"].ShouldBe("2022-11-28");
        server.Single("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews").Headers["Accept"].ShouldBe("application/vnd.github+json");
    }

    [Theory]
    [InlineData("../outside.cs", 1)]
    [InlineData("/etc/passwd", 1)]
    [InlineData("src/../../x.cs", 1)]
    [InlineData("C:/x.cs", 1)]
    [InlineData("src\\x.cs", 1)]
    [InlineData("src/App.cs", 0)]
    public async Task PostReviewCommentsAsync_PathOutsideOrBadLine_InvalidWithoutRequest(string path, int line)
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.PostReviewCommentsAsync("octo/hello", 1347, [new ReviewComment(path, line, "x")], Ct));

        error.Code.ShouldBe("github.invalid_review_comment");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task PostReviewCommentsAsync_NoComments_SendsNothing()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        (await client.PostReviewCommentsAsync("octo/hello", 1347, [], Ct)).ShouldBeEmpty();
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task MergePullRequestAsync_NotMergeable_Conflict()
    {
        using var server = new RecordedHttpServer().On("PUT", "/api/v3/repos/octo/hello/pulls/1347/merge", 405,
            """{"message":"Pull Request is not mergeable","documentation_url":"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}""");
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.MergePullRequestAsync("octo/hello", 1347, GitHubMergeMethod.Merge, null, null, Ct));

        error.Code.ShouldBe("github.conflict");
        error.Message.ShouldContain("Pull Request is not mergeable");
        Json(server.Requests.Single()).GetProperty("merge_method").GetString().ShouldBe("merge");
    }
}
