using Lightning.Git.Hosting.GitLab;

namespace Lightning.Git.Tests.Hosting.GitLab;

public sealed partial class GitLabClientTests
{
    [Fact]
    public async Task FindUserAsync_KnownAndUnknown_IdOrNull()
    {
        _server.OnFile("GET", "/api/v4/users?username=jdoe", "gitlab/users.json")
            .On("GET", "/api/v4/users?username=nobody", 200, "[]");
        var client = NewClient();

        var found = await client.FindUserAsync("jdoe", Cancellation);
        var missing = await client.FindUserAsync("nobody", Cancellation);

        found.ShouldNotBeNull().Id.ShouldBe(23);
        missing.ShouldBeNull();
        _server.Requests.ShouldAllBe(request => request.Headers["PRIVATE-TOKEN"] == AccessToken);
    }

    [Fact]
    public async Task GetIssueAsync_ReadsTheIssueByIid()
    {
        _server.OnFile("GET", ProjectPath + "/issues/14", "gitlab/issue.json");

        var issue = await NewClient().GetIssueAsync(Project, 14, Cancellation);

        issue.Title.ShouldBe("Issues with auth");
        issue.Labels.ShouldBe(["bug"]);
    }

    [Fact]
    public async Task Issues_AssigneeIdsAndAddRemoveLabels_SendTheDocumentedFields()
    {
        _server.OnFile("POST", ProjectPath + "/issues", "gitlab/issue.json", status: 201)
            .OnFile("PUT", ProjectPath + "/issues/14", "gitlab/issue_labels_added.json");
        var client = NewClient();

        await client.CreateIssueAsync(Project, new GitLabIssueCreate { Title = "Issues with auth", AssigneeIds = [23] }, Cancellation);
        var labelled = await client.UpdateIssueAsync(Project, 14, new GitLabIssueUpdate { AddLabels = ["triage"], RemoveLabels = ["fixed"] }, Cancellation);

        labelled.Labels.ShouldBe(["bug", "triage"]);
        Body(Single("POST", ProjectPath + "/issues")).GetProperty("assignee_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([23L]);
        var update = Body(Single("PUT", ProjectPath + "/issues/14"));
        update.EnumerateObject().Select(property => property.Name).ShouldBe(["add_labels", "remove_labels"], ignoreOrder: true);
        update.GetProperty("add_labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["triage"]);
        update.GetProperty("remove_labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["fixed"]);
    }

    [Fact]
    public async Task UpdateMergeRequestAsync_ReviewerIds_SentAndReviewersRead()
    {
        _server.OnFile("PUT", ProjectPath + "/merge_requests/133", "gitlab/merge_request_reviewers.json");

        var updated = await NewClient().UpdateMergeRequestAsync(Project, 133, new GitLabMergeRequestUpdate { ReviewerIds = [1, 23] }, Cancellation);

        updated.Reviewers.Select(user => user.Username).ShouldBe(["root", "jdoe"]);
        Body(Single("PUT", ProjectPath + "/merge_requests/133")).GetProperty("reviewer_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([1L, 23L]);
    }

    [Fact]
    public async Task ListMergeRequestDiscussionsAsync_MarksSystemNotes()
    {
        _server.OnFile("GET", ProjectPath + "/merge_requests/133/discussions?per_page=100", "gitlab/discussions.json");

        var discussions = await NewClient().ListMergeRequestDiscussionsAsync(Project, 133, Cancellation);

        discussions.SelectMany(discussion => discussion.Notes).Select(note => (note.Id, note.System)).ShouldBe([(1126L, true), (1128L, false), (1129L, false), (1130L, false)]);
        discussions[1].Notes[0].Position.ShouldNotBeNull().NewLine.ShouldBe(18);
    }
}
