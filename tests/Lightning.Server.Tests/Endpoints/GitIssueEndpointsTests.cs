using System.Net;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.HostedApi;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// Issues and boards against a loopback server answering GitHub's and GitLab's documented responses (recorded): what
/// the API sent the "provider" and what it answered, per role, for bad input and for what one provider lacks. No answer
/// may carry the token (checked on dispose).
/// </summary>
public sealed class GitIssueEndpointsTests
{
    const string GitHubIssues = "/api/v3/repos/octo/hello/issues";
    const string GitLabIssues = "/api/v4/projects/3/issues";

    [Fact]
    public async Task List_GitHubAll_AsksForAllAndLeavesPullRequestsOut()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubIssues, "github/issues-page1.json");

        var issues = await api.ReadAsync<List<IssueView>>(api.Viewer, HttpMethod.Get, "/issues?state=all");

        issues.ShouldHaveSingleItem().ShouldBe(new IssueView("github", 1347, "Found a bug", "open", "I'm having a problem with this.",
            issues[0].Labels, "https://github.com/octo/hello/issues/1347"));
        issues[0].Labels.ShouldBe(["bug"]);
        var sent = api.Recorded.Requests.ShouldHaveSingleItem();
        sent.PathAndQuery.ShouldContain("state=all");
    }

    [Fact]
    public async Task List_GitLabByDefault_AsksForOpenedIssues()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabIssues, "gitlab/issues.json");

        var issues = await api.ReadAsync<List<IssueView>>(api.Viewer, HttpMethod.Get, "/issues");

        issues.ShouldHaveSingleItem().Number.ShouldBe(6);
        issues[0].State.ShouldBe("opened");
        issues[0].Labels.ShouldBe(["foo", "bar"]);
        var sent = api.Recorded.Requests.ShouldHaveSingleItem();
        sent.PathAndQuery.ShouldStartWith(GitLabIssues + "?state=opened");
    }

    [Fact]
    public async Task List_GitLabClosed_AsksForClosed()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabIssues, "gitlab/issues.json");

        await api.ReadAsync<List<IssueView>>(api.Viewer, HttpMethod.Get, "/issues?state=closed");

        api.Recorded.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldStartWith(GitLabIssues + "?state=closed");
    }

    [Fact]
    public async Task List_UnknownState_Is400NamingState()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Viewer, HttpMethod.Get, "/issues?state=merged", null, "state");
    }

    [Fact]
    public async Task Create_GitHub_SendsTitleBodyLabelsAndAssigneesForOperatorsOnly()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("POST", GitHubIssues, "github/issue.json", 201);
        var request = new CreateIssueRequest("Found a bug", "I'm having a problem with this.", ["bug"], ["octocat"]);

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/issues", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/issues", request);
        var issue = await response.ReadAsync<IssueView>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location.ShouldBe(new Uri("https://github.com/octo/hello/issues/1347"));
        issue.Number.ShouldBe(1347);
        var sent = api.Recorded.Requests.ShouldHaveSingleItem();
        var body = Json(sent);
        body.GetProperty("title").GetString().ShouldBe("Found a bug");
        body.GetProperty("body").GetString().ShouldBe("I'm having a problem with this.");
        body.GetProperty("labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["bug"]);
        body.GetProperty("assignees").EnumerateArray().Select(login => login.GetString()).ShouldBe(["octocat"]);
    }

    [Fact]
    public async Task Create_GitLab_AssignsByTheUsersId()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", "/api/v4/users?username=jdoe", "gitlab/users.json")
            .OnFile("POST", GitLabIssues, "gitlab/issue.json", 201);

        var issue = await api.ReadAsync<IssueView>(api.Operator, HttpMethod.Post, "/issues",
            new CreateIssueRequest("Issues with auth", "Login fails after the upgrade.", ["bug"], ["jdoe"]));

        issue.ShouldBe(new IssueView("gitlab", 14, "Issues with auth", "opened", "Login fails after the upgrade.", issue.Labels,
            "http://gitlab.example.com/my-group/my-project/issues/14"));
        var sent = api.Sent("POST", GitLabIssues);
        var body = Json(sent);
        body.GetProperty("title").GetString().ShouldBe("Issues with auth");
        body.GetProperty("description").GetString().ShouldBe("Login fails after the upgrade.");
        body.GetProperty("labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["bug"]);
        body.GetProperty("assignee_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([23L]);
    }

    [Fact]
    public async Task Create_GitLabUnknownAssigneeOrCommaInALabel_Is400AndCreatesNothing()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.On("GET", "/api/v4/users?username=ghost", 200, "[]");

        var unknown = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/issues", new CreateIssueRequest("Bug", Assignees: ["ghost"]),
            HttpStatusCode.BadRequest);
        var comma = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/issues", new CreateIssueRequest("Bug", Labels: ["a,b"]),
            HttpStatusCode.BadRequest);

        unknown.GetProperty("errors").GetProperty("assignees")[0].GetString().ShouldNotBeNull().ShouldContain("ghost");
        comma.GetProperty("errors").GetProperty("labels").GetArrayLength().ShouldBe(1);
        api.Recorded.Requests.ShouldAllBe(request => request.Method == "GET");
    }

    [Fact]
    public async Task Create_BadInput_Is400NamingEachField()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/issues", new CreateIssueRequest(" ", Labels: [""], Assignees: [" "]),
            "title", "labels", "assignees");
    }

    [Fact]
    public async Task Get_GitHub_ReadsTheIssue()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", GitHubIssues + "/1347", "github/issue.json");

        var issue = await api.ReadAsync<IssueView>(api.Viewer, HttpMethod.Get, "/issues/1347");

        issue.Provider.ShouldBe("github");
        issue.Title.ShouldBe("Found a bug");
        issue.Url.ShouldBe("https://github.com/octo/hello/issues/1347");
        api.Sent("GET", GitHubIssues + "/1347");
    }

    [Fact]
    public async Task Get_GitLab_ReadsTheIssueByIid()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", GitLabIssues + "/14", "gitlab/issue.json");

        var issue = await api.ReadAsync<IssueView>(api.Viewer, HttpMethod.Get, "/issues/14");

        issue.Provider.ShouldBe("gitlab");
        issue.Number.ShouldBe(14);
        issue.Body.ShouldBe("Login fails after the upgrade.");
    }

    [Fact]
    public async Task Get_GitLabNoSuchIssue_Is404WithTheProvidersCode()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.On("GET", GitLabIssues + "/99", 404, """{"message":"404 Not found"}""");

        var problem = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/issues/99", null, HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("gitlab.not_found");
    }

    [Fact]
    public async Task Update_GitHub_ClosesAndReplacesTheLabels()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("PATCH", GitHubIssues + "/1347", "github/issue-closed.json");
        var change = new UpdateIssueRequest(Title: "Found a bug (fixed)", State: "closed", Labels: []);

        (await api.SendAsync(api.Viewer, HttpMethod.Patch, "/issues/1347", change)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var issue = await api.ReadAsync<IssueView>(api.Operator, HttpMethod.Patch, "/issues/1347", change);

        issue.State.ShouldBe("closed");
        issue.Labels.ShouldBeEmpty();
        var body = Json(api.Sent("PATCH", GitHubIssues + "/1347"));
        body.GetProperty("title").GetString().ShouldBe("Found a bug (fixed)");
        body.GetProperty("state").GetString().ShouldBe("closed");
        body.GetProperty("labels").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Update_GitLab_SendsTheStateEventAndLabels()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("PUT", GitLabIssues + "/14", "gitlab/issue_closed.json");

        var issue = await api.ReadAsync<IssueView>(api.Operator, HttpMethod.Patch, "/issues/14",
            new UpdateIssueRequest(Body: "Fixed in 2.1.", State: "closed", Labels: ["bug", "fixed"]));

        issue.State.ShouldBe("closed");
        var sent = api.Sent("PUT", GitLabIssues + "/14");
        var body = Json(sent);
        body.EnumerateObject().Select(field => field.Name).ShouldBe(["description", "state_event", "labels"], ignoreOrder: true);
        body.GetProperty("state_event").GetString().ShouldBe("close");
        body.GetProperty("labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["bug", "fixed"]);
    }

    [Fact]
    public async Task Update_NothingOrBadState_Is400()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Patch, "/issues/1347", new UpdateIssueRequest(), "request");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Patch, "/issues/1347", new UpdateIssueRequest(State: "reopened"), "state");
    }

    [Fact]
    public async Task Comment_GitHub_PostsTheBody()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("POST", GitHubIssues + "/1347/comments", "github/issue-comment.json", 201);

        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/issues/1347/comments", new CommentRequest("Me too"));
        var comment = await response.ReadAsync<IssueCommentView>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        comment.ShouldBe(new IssueCommentView("github", "1", "Me too", "octocat", "https://github.com/octo/hello/issues/1347#issuecomment-1"));
        Json(api.Sent("POST", GitHubIssues + "/1347/comments")).GetProperty("body").GetString().ShouldBe("Me too");
    }

    [Fact]
    public async Task Comment_GitLab_AddsANote()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("POST", GitLabIssues + "/14/notes", "gitlab/note.json", 201);

        var comment = await api.ReadAsync<IssueCommentView>(api.Operator, HttpMethod.Post, "/issues/14/comments", new CommentRequest("closed"));

        comment.ShouldBe(new IssueCommentView("gitlab", "302", "closed", "pipin", null));
        var sent = api.Sent("POST", GitLabIssues + "/14/notes");
        Json(sent).GetProperty("body").GetString().ShouldBe("closed");
    }

    [Fact]
    public async Task Comment_BlankOrByAViewer_IsRefused()
    {
        await using var api = await StartAsync("github", "octo/hello");

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/issues/1347/comments", new CommentRequest("Me too"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/issues/1347/comments", new CommentRequest(" "), "body");
    }

    [Fact]
    public async Task Labels_GitHub_AddThenRemove()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("POST", GitHubIssues + "/1347/labels", "github/issue-labels.json")
            .OnFile("DELETE", GitHubIssues + "/1347/labels/triage", "github/issue-labels-after-remove.json");

        (await api.SendAsync(api.Viewer, HttpMethod.Delete, "/issues/1347/labels/triage")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var added = await api.ReadAsync<IssueLabelsView>(api.Operator, HttpMethod.Post, "/issues/1347/labels", new IssueLabelsRequest(["triage"]));
        var left = await api.ReadAsync<IssueLabelsView>(api.Operator, HttpMethod.Delete, "/issues/1347/labels/triage");

        added.Labels.ShouldBe(["bug", "triage"]);
        left.ShouldBe(new IssueLabelsView(1347, left.Labels));
        left.Labels.ShouldBe(["bug"]);
        // Octokit sends the bare array, one of the two bodies GitHub documents for this call.
        Json(api.Sent("POST", GitHubIssues + "/1347/labels")).EnumerateArray().Select(label => label.GetString()).ShouldBe(["triage"]);
    }

    [Fact]
    public async Task Labels_GitLab_AddAndRemoveThroughTheIssueUpdate()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("PUT", GitLabIssues + "/14", "gitlab/issue_labels_added.json")
            .OnFile("PUT", GitLabIssues + "/14", "gitlab/issue.json");

        var added = await api.ReadAsync<IssueLabelsView>(api.Operator, HttpMethod.Post, "/issues/14/labels", new IssueLabelsRequest(["triage"]));
        var left = await api.ReadAsync<IssueLabelsView>(api.Operator, HttpMethod.Delete, "/issues/14/labels/area%2Fui");

        added.Labels.ShouldBe(["bug", "triage"]);
        left.Labels.ShouldBe(["bug"]);
        var puts = api.Recorded.Requests.Where(request => request.Method == "PUT").Select(Json).ToList();
        puts[0].EnumerateObject().Select(field => field.Name).ShouldBe(["add_labels"]);
        puts[0].GetProperty("add_labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["triage"]);
        puts[1].EnumerateObject().Select(field => field.Name).ShouldBe(["remove_labels"]);
        puts[1].GetProperty("remove_labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["area/ui"]);
    }

    [Fact]
    public async Task Labels_NoneToAdd_Is400()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/issues/1347/labels", new IssueLabelsRequest([]), "labels");
    }

    [Fact]
    public async Task Boards_GitLab_BoardsWithTheirListsAndOneBoardsLists()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", "/api/v4/projects/3/boards", "gitlab/boards.json")
            .OnFile("GET", "/api/v4/projects/3/boards/1/lists", "gitlab/board_lists.json");

        var boards = await api.ReadAsync<List<BoardView>>(api.Viewer, HttpMethod.Get, "/boards");
        var lists = await api.ReadAsync<List<BoardListView>>(api.Viewer, HttpMethod.Get, "/boards/1/lists");

        var board = boards.ShouldHaveSingleItem();
        (board.Id, board.Name).ShouldBe((1L, "board1"));
        board.Lists.ShouldBe([new BoardListView(1, "Testing", 1, "label"), new BoardListView(2, "Ready", 2, "label")]);
        lists.Select(list => list.Label).ShouldBe(["Testing", "Ready", "Production"]);
    }

    [Fact]
    public async Task Boards_GitHub_IsProviderUnsupportedWithoutACall()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/boards");
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/boards/1/lists");
    }
}
