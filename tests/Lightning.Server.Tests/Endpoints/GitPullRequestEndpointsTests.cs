using System.Net;
using Lightning.Git.Hosting;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.HostedApi;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// One pull/merge request and the hosted repository, against a loopback server answering GitHub's and GitLab's
/// documented responses (recorded): what the API sent the "provider" (method, path, body, token header) and what it
/// answered, per role, for bad input and for what one provider lacks. No answer may carry the token (checked on dispose).
/// </summary>
public sealed class GitPullRequestEndpointsTests
{
    const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    const string GitHubPull = "/api/v3/repos/octo/hello/pulls/1347";
    const string GitLabMergeRequest = "/api/v4/projects/3/merge_requests/133";

    [Fact]
    public async Task Hosted_GitHub_DescribesTheRepositoryWithTheStoredToken()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", "/api/v3/repos/octo/hello", "github/repo.json");

        var hosted = await api.ReadAsync<HostedRepositoryView>(api.Viewer, HttpMethod.Get, "/hosted");

        hosted.ShouldBe(new HostedRepositoryView("github", 1296269, "hello", "octo/hello", "main", "public", "https://github.com/octo/hello",
            "https://github.com/octo/hello.git"));
        api.Sent("GET", "/api/v3/repos/octo/hello");
    }

    [Fact]
    public async Task Hosted_GitLab_DescribesTheProject()
    {
        await using var api = await StartAsync("gitlab", "diaspora/diaspora-client");
        api.Recorded.OnFile("GET", "/api/v4/projects/diaspora%2Fdiaspora-client", "gitlab/project.json");

        var hosted = await api.ReadAsync<HostedRepositoryView>(api.Viewer, HttpMethod.Get, "/hosted");

        hosted.ShouldBe(new HostedRepositoryView("gitlab", 3, "Diaspora Client", "diaspora/diaspora-client", "main", "private",
            "https://gitlab.example.com/diaspora/diaspora-client", "https://gitlab.example.com/diaspora/diaspora-client.git"));
        api.Recorded.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Hosted_RepositoryWithoutConnection_Is400NamingTheMissingLink()
    {
        await using var api = await GitApi.StartAsync();
        await api.RepositoryAsync("demo");

        var problem = await (await api.Viewer.GetAsync(new Uri(Base + "/hosted", UriKind.Relative), TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("git.no_connection");
    }

    [Fact]
    public async Task Get_GitHub_AnswersBodyHeadAndMergeability()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubPull, "github/pull.json");

        var pull = await api.ReadAsync<PullRequestDetailView>(api.Viewer, HttpMethod.Get, "/pull-requests/1347");

        pull.ShouldBe(new PullRequestDetailView("github", 1347, "Amazing new feature", "open", "new-topic", "main", false, false,
            "https://github.com/octo/hello/pull/1347", "Please pull these awesome changes in!", HeadSha, true, "clean", pull.Reviewers, pull.TeamReviewers));
        pull.Reviewers.ShouldBeEmpty();
        api.Recorded.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Get_GitLab_ReadsTheDetailedMergeStatusAndTheDiffHead()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request.json");

        var mergeRequest = await api.ReadAsync<PullRequestDetailView>(api.Viewer, HttpMethod.Get, "/pull-requests/133");

        mergeRequest.Provider.ShouldBe("gitlab");
        mergeRequest.Number.ShouldBe(133);
        mergeRequest.Head.ShouldBe("manual-job-rules");
        mergeRequest.HeadSha.ShouldBe("2a2e0b4e2c1b7bd3bf5ec2c5cd2bbb3a3e0a2f11");
        mergeRequest.Mergeable.ShouldBe(true);
        mergeRequest.MergeState.ShouldBe("mergeable");
        api.Recorded.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Get_ProviderSaysNotFound_Is404WithTheProvidersCode()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", "/api/v3/repos/octo/hello/pulls/9", "github/error-404.json", 404);

        var problem = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/pull-requests/9", null, HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("github.not_found");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3000000000")]
    public async Task Get_NumberOutOfRange_Is400NamingNumber(string number)
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Viewer, HttpMethod.Get, $"/pull-requests/{number}", null, "number");
    }

    [Fact]
    public async Task Update_GitHub_SendsTitleBodyBaseAndStateForOperatorsOnly()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("PATCH", GitHubPull, "github/pull.json");
        var change = new UpdatePullRequestRequest("Renamed", "New body", "develop", "closed");

        (await api.SendAsync(api.Viewer, HttpMethod.Patch, "/pull-requests/1347", change)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var pull = await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Patch, "/pull-requests/1347", change);

        pull.Number.ShouldBe(1347);
        var sent = api.Sent("PATCH", GitHubPull);
        var body = Json(sent);
        body.GetProperty("title").GetString().ShouldBe("Renamed");
        body.GetProperty("body").GetString().ShouldBe("New body");
        body.GetProperty("base").GetString().ShouldBe("develop");
        body.GetProperty("state").GetString().ShouldBe("closed");
    }

    [Fact]
    public async Task Update_GitHubDraft_Is400NamingDraftAndSendsNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Patch, "/pull-requests/1347", new UpdatePullRequestRequest(Draft: true), "draft");
    }

    [Fact]
    public async Task Update_GitLabDraftAndClose_PrefixesTheCurrentTitleAndSendsTheStateEvent()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request.json")
            .OnFile("PUT", GitLabMergeRequest, "gitlab/merge_request.json");

        await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Patch, "/pull-requests/133",
            new UpdatePullRequestRequest(State: "closed", Draft: true, Base: "develop"));

        var body = Json(api.Sent("PUT", GitLabMergeRequest));
        body.GetProperty("title").GetString().ShouldBe("Draft: Manual job rules");
        body.GetProperty("state_event").GetString().ShouldBe("close");
        body.GetProperty("target_branch").GetString().ShouldBe("develop");
        body.TryGetProperty("description", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Update_GitLabDraft_ANewTitleStaysADraftAndReadyDropsThePrefix()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request_reviewers.json")
            .OnFile("PUT", GitLabMergeRequest, "gitlab/merge_request_reviewers.json");

        await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Patch, "/pull-requests/133", new UpdatePullRequestRequest("Better rules"));
        await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Patch, "/pull-requests/133", new UpdatePullRequestRequest(Draft: false));

        var titles = api.Recorded.Requests.Where(request => request.Method == "PUT").Select(request => Json(request).GetProperty("title").GetString()).ToList();
        titles.ShouldBe(["Draft: Better rules", "Manual job rules"]);
    }

    [Fact]
    public async Task Update_BadInput_Is400NamingEachField()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Patch, "/pull-requests/1347", new UpdatePullRequestRequest(), "request");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Patch, "/pull-requests/1347",
            new UpdatePullRequestRequest(Title: " ", Base: "", State: "merged"), "title", "base", "state");
    }

    [Fact]
    public async Task RequestReviewers_GitHub_SendsUsersAndTeamsAndAnswersThem()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("POST", GitHubPull + "/requested_reviewers", "github/pull-review-requested.json", 201);
        var request = new RequestReviewersRequest(["other_user"], ["justice-league"]);

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/pull-requests/1347/reviewers", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var pull = await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Post, "/pull-requests/1347/reviewers", request);

        pull.Reviewers.ShouldBe(["other_user"]);
        pull.TeamReviewers.ShouldBe(["justice-league"]);
        pull.Mergeable.ShouldBeNull();
        var body = Json(api.Sent("POST", GitHubPull + "/requested_reviewers"));
        body.GetProperty("reviewers").EnumerateArray().Select(item => item.GetString()).ShouldBe(["other_user"]);
        body.GetProperty("team_reviewers").EnumerateArray().Select(item => item.GetString()).ShouldBe(["justice-league"]);
    }

    [Fact]
    public async Task RequestReviewers_GitLab_AddsTheUsersIdsToThoseAlreadyAsked()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request_reviewers.json")
            .On("GET", "/api/v4/users?username=alice", 200, """[{"id": 42, "username": "alice", "name": "Alice", "state": "active"}]""")
            .OnFile("GET", "/api/v4/users?username=jdoe", "gitlab/users.json")
            .OnFile("PUT", GitLabMergeRequest, "gitlab/merge_request_reviewers.json");

        var mergeRequest = await api.ReadAsync<PullRequestDetailView>(api.Operator, HttpMethod.Post, "/pull-requests/133/reviewers",
            new RequestReviewersRequest(["alice", "jdoe"]));

        mergeRequest.Reviewers.ShouldBe(["root", "jdoe"]);
        mergeRequest.Draft.ShouldBeTrue();
        var put = api.Sent("PUT", GitLabMergeRequest);
        Json(put).GetProperty("reviewer_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([1L, 23L, 42L]);
    }

    [Fact]
    public async Task RequestReviewers_GitLabTeamOrUnknownUser_Is400AndChangesNothing()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request_reviewers.json")
            .On("GET", "/api/v4/users?username=ghost", 200, "[]");

        var team = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/reviewers",
            new RequestReviewersRequest(["jdoe"], ["justice-league"]), HttpStatusCode.BadRequest);
        var unknown = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/reviewers",
            new RequestReviewersRequest(["ghost"]), HttpStatusCode.BadRequest);

        team.GetProperty("errors").GetProperty("teamReviewers").GetArrayLength().ShouldBe(1);
        unknown.GetProperty("errors").GetProperty("reviewers")[0].GetString().ShouldNotBeNull().ShouldContain("ghost");
        api.Recorded.Requests.ShouldAllBe(request => request.Method == "GET");
    }

    [Fact]
    public async Task RequestReviewers_NoneOrBlank_Is400()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/reviewers", new RequestReviewersRequest(), "reviewers");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/reviewers", new RequestReviewersRequest(["octocat", " "]), "reviewers");
    }

    [Fact]
    public async Task Approve_GitHub_SubmitsAnApproveReviewOnTheExpectedHead()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubPull, "github/pull.json")
            .OnFile("POST", GitHubPull + "/reviews", "github/review-approved.json");

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/pull-requests/1347/approve", new ApprovePullRequestRequest(HeadSha)))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var approved = await api.SendAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/approve", new ApprovePullRequestRequest(HeadSha));

        approved.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var sent = api.Sent("POST", GitHubPull + "/reviews");
        Json(sent).GetProperty("event").GetString().ShouldBe("APPROVE");
        Json(sent).GetProperty("commit_id").GetString().ShouldBe(HeadSha);
    }

    [Fact]
    public async Task Approve_GitHubHeadMoved_Is409AndApprovesNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubPull, "github/pull.json");

        var problem = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/approve",
            new ApprovePullRequestRequest("1111111111111111111111111111111111111111"), HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("github.conflict");
        api.Recorded.Requests.ShouldAllBe(request => request.Method == "GET");
    }

    [Fact]
    public async Task Approve_GitLab_SendsTheShaGuardOrNoneWithoutABody()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("POST", GitLabMergeRequest + "/approve", "gitlab/merge_request_approval.json", 201);

        (await api.SendAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/approve", new ApprovePullRequestRequest("2a2e0b4e2c1b7bd3")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.SendAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/approve")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var sent = api.Recorded.Requests.ToList();
        sent.Count.ShouldBe(2);
        Json(sent[0]).GetProperty("sha").GetString().ShouldBe("2a2e0b4e2c1b7bd3");
        Json(sent[1]).TryGetProperty("sha", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Approve_ShaNotHex_Is400()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/approve", new ApprovePullRequestRequest("main"), "sha");
    }

    [Fact]
    public async Task PostComments_GitHub_PostsOneReviewWithALineCommentEach()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubPull, "github/pull.json")
            .OnFile("POST", GitHubPull + "/reviews", "github/review.json")
            .OnFile("GET", GitHubPull + "/reviews/80/comments", "github/review-comments.json");
        var request = new PostPullRequestCommentsRequest([
            new ReviewComment("src/App.cs", 12, "This file is over 1,000 lines."),
            new ReviewComment("src/Config.cs", 3, "This looks like a secret."),
        ]);

        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/comments", request);
        var posted = await response.ReadAsync<List<PostedReviewComment>>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        posted.ShouldBe([
            new PostedReviewComment("10", "src/App.cs", 12, "https://github.com/octo/hello/pull/1347#discussion-diff-10"),
            new PostedReviewComment("11", "src/Config.cs", 3, "https://github.com/octo/hello/pull/1347#discussion-diff-11"),
        ]);
        var body = Json(api.Sent("POST", GitHubPull + "/reviews"));
        body.GetProperty("commit_id").GetString().ShouldBe(HeadSha);
        body.GetProperty("comments").EnumerateArray().Select(c => (c.GetProperty("path").GetString(), c.GetProperty("line").GetInt32(), c.GetProperty("side").GetString()))
            .ShouldBe([("src/App.cs", 12, "RIGHT"), ("src/Config.cs", 3, "RIGHT")]);
    }

    [Fact]
    public async Task PostComments_GitLab_StartsADiscussionAtTheLineOfTheDiff()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request.json")
            .OnFile("POST", GitLabMergeRequest + "/discussions", "gitlab/discussion.json", 201);

        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/pull-requests/133/comments",
            new PostPullRequestCommentsRequest([new ReviewComment("src/app.cs", 18, "Consider a guard clause here.")]));
        var posted = await response.ReadAsync<List<PostedReviewComment>>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        posted.ShouldHaveSingleItem().ShouldBe(new PostedReviewComment("1128", "src/app.cs", 18,
            "https://gitlab.example.com/diaspora/diaspora-client/-/merge_requests/133#note_1128"));
        var position = Json(api.Sent("POST", GitLabMergeRequest + "/discussions")).GetProperty("position");
        position.GetProperty("new_path").GetString().ShouldBe("src/app.cs");
        position.GetProperty("new_line").GetInt32().ShouldBe(18);
        position.GetProperty("head_sha").GetString().ShouldBe("2a2e0b4e2c1b7bd3bf5ec2c5cd2bbb3a3e0a2f11");
    }

    [Fact]
    public async Task PostComments_BadInput_Is400NamingEachCommentsField()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/comments", new PostPullRequestCommentsRequest([]), "comments");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/pull-requests/1347/comments",
            new PostPullRequestCommentsRequest([new ReviewComment("ok.cs", 1, "fine"), new ReviewComment("../etc/passwd", 0, " ")]),
            "comments[1].path", "comments[1].line", "comments[1].body");
    }

    [Fact]
    public async Task ListComments_GitHub_ReviewCommentsWithTheirThreads()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubPull + "/comments", "github/pull-comments-page1.json");

        var comments = await api.ReadAsync<List<PullRequestCommentView>>(api.Viewer, HttpMethod.Get, "/pull-requests/1347/comments");

        comments.ShouldBe([
            new PullRequestCommentView("10", "lightning-bot", "This file is over 1,000 lines.", "src/App.cs", 12,
                "https://github.com/octo/hello/pull/1347#discussion_r10", "10"),
            new PullRequestCommentView("12", "octocat", "Split it in the next change.", "src/App.cs", 12,
                "https://github.com/octo/hello/pull/1347#discussion_r12", "10"),
        ]);
    }

    [Fact]
    public async Task ListComments_GitLab_DiscussionNotesWithoutSystemNotes()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabMergeRequest, "gitlab/merge_request.json")
            .OnFile("GET", GitLabMergeRequest + "/discussions", "gitlab/discussions.json");

        var comments = await api.ReadAsync<List<PullRequestCommentView>>(api.Viewer, HttpMethod.Get, "/pull-requests/133/comments");

        const string Url = "https://gitlab.example.com/diaspora/diaspora-client/-/merge_requests/133#note_";
        comments.ShouldBe([
            new PullRequestCommentView("1128", "lightning-bot", "Consider a guard clause here.", "src/app.cs", 18, Url + "1128",
                "87805b7c09016a7058e91bdbe7b29d1f284a39e6"),
            new PullRequestCommentView("1129", "jdoe", "Done.", "src/app.cs", 18, Url + "1129", "87805b7c09016a7058e91bdbe7b29d1f284a39e6"),
            new PullRequestCommentView("1130", "jdoe", "Looks good overall.", null, null, Url + "1130", "3f2d5e9a1b7c4d8e0f6a2b9c1d3e5f7a9b0c2d4e"),
        ]);
    }
}
