using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    [Fact]
    public async Task ListIssuesAsync_TwoPagesWithAPullRequest_AllPagesWithoutPullRequests()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/issues", "github/issues-page1.json",
                headers: Link("/api/v3/repositories/1296269/issues?state=all&page=2", "/api/v3/repositories/1296269/issues?state=all&page=2"))
            .OnFile("GET", "/api/v3/repositories/1296269/issues", "github/issues-page2.json");
        using var client = GitHubTestClient.Create(server);

        var issues = await client.ListIssuesAsync("octo/hello", includeClosed: true, Ct);

        issues.Select(issue => issue.Number).ShouldBe([1347, 1349]);
        issues[0].Labels.ShouldBe(["bug"]);
        issues[1].State.ShouldBe("closed");
        issues[1].Labels.ShouldBe(["docs", "good first issue"]);
        server.Requests.Count.ShouldBe(2);
        server.Requests.First().PathAndQuery.ShouldContain("state=all");
        server.Requests.Last().PathAndQuery.ShouldStartWith("/api/v3/repositories/1296269/issues?");
        server.Requests.Last().PathAndQuery.ShouldContain("page=2");
    }

    [Fact]
    public async Task CreateIssueAsync_TitleBodyLabelsAssignees_Sent()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/issues", "github/issue.json", 201);
        using var client = GitHubTestClient.Create(server);

        var issue = await client.CreateIssueAsync("octo/hello",
            new GitHubNewIssue("Found a bug") { Body = "I'm having a problem with this.", Labels = ["bug"], Assignees = ["octocat"] }, Ct);

        issue.ShouldBe(issue with { Number = 1347, State = "open", Title = "Found a bug", HtmlUrl = "https://github.com/octo/hello/issues/1347" });
        var body = Json(server.Requests.Single());
        body.GetProperty("title").GetString().ShouldBe("Found a bug");
        body.GetProperty("body").GetString().ShouldBe("I'm having a problem with this.");
        body.GetProperty("labels").EnumerateArray().Select(item => item.GetString()).ShouldBe(["bug"]);
        body.GetProperty("assignees").EnumerateArray().Select(item => item.GetString()).ShouldBe(["octocat"]);
    }

    [Fact]
    public async Task UpdateIssueAsync_CloseAndClearLabels_SendsStateAndEmptyLabels()
    {
        using var server = new RecordedHttpServer().OnFile("PATCH", "/api/v3/repos/octo/hello/issues/1347", "github/issue-closed.json");
        using var client = GitHubTestClient.Create(server);

        var issue = await client.UpdateIssueAsync("octo/hello", 1347,
            new GitHubIssueUpdate { Title = "Found a bug (fixed)", State = "closed", Labels = [] }, Ct);

        issue.State.ShouldBe("closed");
        issue.Labels.ShouldBeEmpty();
        var body = Json(server.Requests.Single());
        body.GetProperty("state").GetString().ShouldBe("closed");
        body.GetProperty("title").GetString().ShouldBe("Found a bug (fixed)");
        body.GetProperty("labels").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task CommentAsync_Recorded_PostsBody()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/issues/1347/comments", "github/issue-comment.json", 201);
        using var client = GitHubTestClient.Create(server);

        var comment = await client.CommentAsync("octo/hello", 1347, "Me too", Ct);

        comment.ShouldBe(new GitHubComment(1, "Me too", "octocat", "https://github.com/octo/hello/issues/1347#issuecomment-1"));
        Json(server.Requests.Single()).GetProperty("body").GetString().ShouldBe("Me too");
    }

    [Fact]
    public async Task AddLabelsAsync_ThenRemove_ReturnsLabelsGitHubReports()
    {
        using var server = new RecordedHttpServer()
            .OnFile("POST", "/api/v3/repos/octo/hello/issues/1347/labels", "github/issue-labels.json")
            .OnFile("DELETE", "/api/v3/repos/octo/hello/issues/1347/labels/triage", "github/issue-labels-after-remove.json");
        using var client = GitHubTestClient.Create(server);

        (await client.AddLabelsAsync("octo/hello", 1347, ["triage"], Ct)).ShouldBe(["bug", "triage"]);
        (await client.RemoveLabelAsync("octo/hello", 1347, "triage", Ct)).ShouldBe(["bug"]);

        Json(server.Single("POST", "/api/v3/repos/octo/hello/issues/1347/labels")).EnumerateArray().Select(item => item.GetString()).ShouldBe(["triage"]);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task GetIssueAsync_Recorded_MapsTheIssue()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/issues/1347", "github/issue.json");
        using var client = GitHubTestClient.Create(server);

        var issue = await client.GetIssueAsync("octo/hello", 1347, Ct);

        issue.ShouldBe(new GitHubIssue(1, 1347, "open", "Found a bug", "I'm having a problem with this.", issue.Labels,
            "https://github.com/octo/hello/issues/1347"));
        issue.Labels.ShouldBe(["bug"]);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task ListIssuesAsync_Closed_AsksGitHubForClosedOnly()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/issues", "github/issues-page2.json");
        using var client = GitHubTestClient.Create(server);

        await client.ListIssuesAsync("octo/hello", "closed", Ct);

        server.Requests.Single().PathAndQuery.ShouldContain("state=closed");
    }

    [Fact]
    public async Task ListIssuesAsync_UnknownState_InvalidWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<Lightning.Core.Errors.LightningException>(() => client.ListIssuesAsync("octo/hello", "merged", Ct));

        error.Code.ShouldBe("github.invalid_state");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task RemoveLabelAsync_NameWithSlashAndSpace_EscapedAsOneSegment()
    {
        using var server = new RecordedHttpServer().OnFile("DELETE", "/api/v3/repos/octo/hello/issues/1347/labels/*", "github/issue-labels-after-remove.json");
        using var client = GitHubTestClient.Create(server);

        await client.RemoveLabelAsync("octo/hello", 1347, "area/ui x", Ct);

        server.Requests.Single().PathAndQuery.ShouldBe("/api/v3/repos/octo/hello/issues/1347/labels/area%2Fui%20x");
    }
}
