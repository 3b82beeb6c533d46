using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitLab;

namespace Lightning.Git.Tests.Hosting.GitLab;

public sealed partial class GitLabClientTests
{
    [Fact]
    public async Task CreateMergeRequestAsync_SendsTheFieldsGitLabDocuments()
    {
        _server.OnFile("POST", ProjectPath + "/merge_requests", "gitlab/merge_request.json", status: 201);

        var created = await NewClient().CreateMergeRequestAsync(Project, new GitLabMergeRequestCreate
        {
            SourceBranch = "manual-job-rules", TargetBranch = "main", Title = "Manual job rules", Labels = ["ci", "docs"], RemoveSourceBranch = true, Squash = true,
        }, Cancellation);

        created.Iid.ShouldBe(133);
        created.DiffRefs!.BaseSha.ShouldBe("1162f719d711319a2efb2a35566f3bfdadee8bab");
        var body = Body(Single("POST", ProjectPath + "/merge_requests"));
        body.GetProperty("source_branch").GetString().ShouldBe("manual-job-rules");
        body.GetProperty("target_branch").GetString().ShouldBe("main");
        body.GetProperty("title").GetString().ShouldBe("Manual job rules");
        body.GetProperty("remove_source_branch").GetBoolean().ShouldBeTrue();
        body.GetProperty("squash").GetBoolean().ShouldBeTrue();
        body.GetProperty("labels").EnumerateArray().Select(label => label.GetString()).ShouldBe(["ci", "docs"]);
        body.TryGetProperty("description", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task UpdateMergeRequestAsync_SendsOnlyTheChangedFields()
    {
        _server.OnFile("PUT", ProjectPath + "/merge_requests/133", "gitlab/merge_request.json");

        await NewClient().UpdateMergeRequestAsync(Project, 133, new GitLabMergeRequestUpdate { Title = "New title", StateEvent = "close" }, Cancellation);

        var body = Body(Single("PUT", ProjectPath + "/merge_requests/133"));
        body.EnumerateObject().Select(property => property.Name).ShouldBe(["title", "state_event"], ignoreOrder: true);
        body.GetProperty("state_event").GetString().ShouldBe("close");
    }

    [Fact]
    public async Task ListMergeRequestsAsync_FiltersByState()
    {
        _server.OnFile("GET", ProjectPath + "/merge_requests?state=opened&per_page=100", "gitlab/merge_requests.json");

        var list = await NewClient().ListMergeRequestsAsync(Project, "opened", Cancellation);

        list.Select(mr => (mr.Iid, mr.Draft)).ShouldBe([(1L, false), (2L, true)]);
    }

    [Fact]
    public async Task ApproveMergeRequestAsync_SendsTheShaGuard()
    {
        _server.On("POST", ProjectPath + "/merge_requests/133/approve", 201, """{"id":5,"iid":133,"approved":true}""");

        await NewClient().ApproveMergeRequestAsync(Project, 133, "2a2e0b4e", Cancellation);

        Body(Single("POST", ProjectPath + "/merge_requests/133/approve")).GetProperty("sha").GetString().ShouldBe("2a2e0b4e");
    }

    [Fact]
    public async Task MergeMergeRequestAsync_WithShaAndSquash_ReturnsTheMergedRequest()
    {
        _server.OnFile("PUT", ProjectPath + "/merge_requests/133/merge", "gitlab/merge_request_merged.json");

        var merged = await NewClient().MergeMergeRequestAsync(Project, 133,
            new GitLabMergeOptions { Sha = "2a2e0b4e2c1b7bd3bf5ec2c5cd2bbb3a3e0a2f11", Squash = true, ShouldRemoveSourceBranch = true }, Cancellation);

        merged.State.ShouldBe("merged");
        merged.SquashCommitSha.ShouldBe("8888888888888888888888888888888888888888");
        var body = Body(Single("PUT", ProjectPath + "/merge_requests/133/merge"));
        body.GetProperty("sha").GetString().ShouldBe("2a2e0b4e2c1b7bd3bf5ec2c5cd2bbb3a3e0a2f11");
        body.GetProperty("squash").GetBoolean().ShouldBeTrue();
        body.GetProperty("should_remove_source_branch").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task MergeMergeRequestAsync_SourceBranchMoved_IsAConflict()
    {
        _server.On("PUT", ProjectPath + "/merge_requests/133/merge", 409, """{"message":"SHA does not match HEAD of source branch: 3b1ee2a"}""");

        var error = await Should.ThrowAsync<LightningException>(() =>
            NewClient().MergeMergeRequestAsync(Project, 133, new GitLabMergeOptions { Sha = "2a2e0b4e" }, Cancellation));

        error.Kind.ShouldBe(ErrorKind.Conflict);
        error.Message.ShouldContain("SHA does not match HEAD of source branch");
    }

    [Fact]
    public async Task CommentOnDiffLineAsync_PostsATextPositionFromTheDiffRefs()
    {
        _server.OnFile("POST", ProjectPath + "/merge_requests/133/discussions", "gitlab/discussion.json", status: 201);
        var refs = new GitLabDiffRefs { BaseSha = "base", StartSha = "start", HeadSha = "head" };

        var discussion = await NewClient().CommentOnDiffLineAsync(Project, 133, refs, "src/app.cs", 18, "Consider a guard clause here.", Cancellation);

        discussion.Notes.Single().Position!.NewLine.ShouldBe(18);
        var body = Body(Single("POST", ProjectPath + "/merge_requests/133/discussions"));
        body.GetProperty("body").GetString().ShouldBe("Consider a guard clause here.");
        var position = body.GetProperty("position");
        position.GetProperty("position_type").GetString().ShouldBe("text");
        position.GetProperty("base_sha").GetString().ShouldBe("base");
        position.GetProperty("start_sha").GetString().ShouldBe("start");
        position.GetProperty("head_sha").GetString().ShouldBe("head");
        position.GetProperty("new_path").GetString().ShouldBe("src/app.cs");
        position.GetProperty("new_line").GetInt32().ShouldBe(18);
    }

    [Theory]
    [InlineData("../secrets.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("src/../../x.cs")]
    [InlineData("")]
    public async Task CommentOnDiffLineAsync_PathOutsideTheRepository_IsRejectedBeforeSending(string path)
    {
        var refs = new GitLabDiffRefs { BaseSha = "b", StartSha = "s", HeadSha = "h" };

        var error = await Should.ThrowAsync<LightningException>(() => NewClient().CommentOnDiffLineAsync(Project, 133, refs, path, 1, "x", Cancellation));

        error.Code.ShouldBe("gitlab.invalid_path");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task TriggerPipelineAsync_SendsRefAndVariables()
    {
        _server.OnFile("POST", ProjectPath + "/pipeline", "gitlab/pipeline.json", status: 201);

        var pipeline = await NewClient().TriggerPipelineAsync(Project, "main",
            [new GitLabPipelineVariable("DEPLOY_ENV", "staging"), new GitLabPipelineVariable("CONFIG", "a: 1", "file")], Cancellation);

        pipeline.Id.ShouldBe(287);
        pipeline.Status.ShouldBe("pending");
        var body = Body(Single("POST", ProjectPath + "/pipeline"));
        body.GetProperty("ref").GetString().ShouldBe("main");
        var variables = body.GetProperty("variables").EnumerateArray().ToList();
        variables.Select(variable => variable.GetProperty("key").GetString()).ShouldBe(["DEPLOY_ENV", "CONFIG"]);
        variables[1].GetProperty("variable_type").GetString().ShouldBe("file");
        variables[0].GetProperty("value").GetString().ShouldBe("staging");
    }

    [Fact]
    public async Task GetPipelineAsync_ReadsTheStatus()
    {
        _server.OnFile("GET", ProjectPath + "/pipelines/287", "gitlab/pipeline_success.json");

        var pipeline = await NewClient().GetPipelineAsync(Project, 287, Cancellation);

        pipeline.Status.ShouldBe("success");
        pipeline.UpdatedAt.ShouldBe(new DateTimeOffset(2022, 9, 21, 1, 5, 50, 185, TimeSpan.Zero));
    }

    [Fact]
    public async Task ListPipelinesAndJobsAsync_ReadEveryPipelineAndJob()
    {
        _server.OnFile("GET", ProjectPath + "/pipelines?ref=new-pipeline&per_page=100", "gitlab/pipelines.json")
            .OnFile("GET", ProjectPath + "/pipelines/48/jobs?per_page=100", "gitlab/jobs.json");
        var client = NewClient();

        var pipelines = await client.ListPipelinesAsync(Project, "new-pipeline", status: null, Cancellation);
        var jobs = await client.ListPipelineJobsAsync(Project, pipelines[0].Id, Cancellation);

        pipelines.Select(pipeline => pipeline.Status).ShouldBe(["pending", "success"]);
        jobs.Select(job => (job.Name, job.Stage, job.Status)).ShouldBe([("build", "build", "success"), ("rspec:other", "test", "failed")]);
    }

    [Fact]
    public async Task Issues_CreateUpdateAndNote_SendTheDocumentedBodies()
    {
        _server.OnFile("POST", ProjectPath + "/issues", "gitlab/issue.json", status: 201)
            .OnFile("PUT", ProjectPath + "/issues/14", "gitlab/issue_closed.json")
            .OnFile("POST", ProjectPath + "/issues/14/notes", "gitlab/note.json", status: 201);
        var client = NewClient();

        var issue = await client.CreateIssueAsync(Project, new GitLabIssueCreate { Title = "Issues with auth", Description = "Login fails after the upgrade.", Labels = ["bug"] }, Cancellation);
        var closed = await client.UpdateIssueAsync(Project, issue.Iid, new GitLabIssueUpdate { StateEvent = "close", Labels = ["bug", "fixed"] }, Cancellation);
        var note = await client.AddIssueNoteAsync(Project, issue.Iid, "closed", Cancellation);

        issue.Iid.ShouldBe(14);
        closed.State.ShouldBe("closed");
        note.Id.ShouldBe(302);
        Body(Single("POST", ProjectPath + "/issues")).GetProperty("title").GetString().ShouldBe("Issues with auth");
        Body(Single("PUT", ProjectPath + "/issues/14")).GetProperty("state_event").GetString().ShouldBe("close");
        Body(Single("POST", ProjectPath + "/issues/14/notes")).GetProperty("body").GetString().ShouldBe("closed");
    }

    [Fact]
    public async Task Boards_ListBoardsAndTheirLists()
    {
        _server.OnFile("GET", ProjectPath + "/boards", "gitlab/boards.json")
            .OnFile("GET", ProjectPath + "/boards/1/lists", "gitlab/board_lists.json");
        var client = NewClient();

        var boards = await client.ListBoardsAsync(Project, Cancellation);
        var lists = await client.ListBoardListsAsync(Project, boards[0].Id, Cancellation);

        boards.Single().Lists.Select(list => list.Label!.Name).ShouldBe(["Testing", "Ready"]);
        lists.Select(list => (list.Label!.Name, list.Position)).ShouldBe([("Testing", (int?)1), ("Ready", 2), ("Production", 3)]);
    }

    [Fact]
    public async Task Snippets_CreateGetRawAndList()
    {
        _server.OnFile("POST", ProjectPath + "/snippets", "gitlab/snippet.json", status: 201)
            .On("GET", ProjectPath + "/snippets/3/raw", 200, "def add(a, b)\n  a + b\nend\n", contentType: "text/plain; charset=utf-8")
            .OnFile("GET", ProjectPath + "/snippets", "gitlab/snippets.json");
        var client = NewClient();

        var snippet = await client.CreateSnippetAsync(Project,
            new GitLabSnippetCreate { Title = "test snippet", FileName = "add.rb", Content = "def add(a, b)\n  a + b\nend\n", Description = "Ruby test snippet" }, Cancellation);
        var raw = await client.GetSnippetRawAsync(Project, snippet.Id, Cancellation);
        var all = await client.ListSnippetsAsync(Project, Cancellation);

        raw.ShouldBe("def add(a, b)\n  a + b\nend\n");
        all.Select(item => item.Id).ShouldBe([3L, 4L]);
        var body = Body(Single("POST", ProjectPath + "/snippets"));
        body.GetProperty("visibility").GetString().ShouldBe("private");
        var file = body.GetProperty("files").EnumerateArray().Single();
        file.GetProperty("file_path").GetString().ShouldBe("add.rb");
        file.GetProperty("content").GetString().ShouldBe("def add(a, b)\n  a + b\nend\n");
    }

    [Fact]
    public async Task Wiki_ListGetCreateAndUpdate_EncodeSlugsWithFolders()
    {
        _server.OnFile("GET", ProjectPath + "/wikis", "gitlab/wikis.json")
            .OnFile("GET", ProjectPath + "/wikis/docs%2Fsetup", "gitlab/wiki_page.json")
            .OnFile("POST", ProjectPath + "/wikis", "gitlab/wiki_page.json", status: 201)
            .OnFile("PUT", ProjectPath + "/wikis/docs%2Fsetup", "gitlab/wiki_page.json");
        var client = NewClient();

        var pages = await client.ListWikiPagesAsync(Project, Cancellation);
        var page = await client.GetWikiPageAsync(Project, "docs/setup", Cancellation);
        await client.CreateWikiPageAsync(Project, new GitLabWikiPageWrite { Title = "setup", Content = "Here is an instruction" }, Cancellation);
        await client.UpdateWikiPageAsync(Project, "docs/setup", new GitLabWikiPageWrite { Title = "setup", Content = "v2", Format = "asciidoc" }, Cancellation);

        pages.Select(item => item.Slug).ShouldBe(["home", "docs/setup"]);
        page.Content.ShouldBe("Here is an instruction how to deploy this project.");
        Body(Single("POST", ProjectPath + "/wikis")).GetProperty("format").GetString().ShouldBe("markdown");
        Body(Single("PUT", ProjectPath + "/wikis/docs%2Fsetup")).GetProperty("format").GetString().ShouldBe("asciidoc");
    }

    [Fact]
    public async Task Registry_ListRepositoriesAndTagsAndDeleteATag()
    {
        _server.OnFile("GET", ProjectPath + "/registry/repositories", "gitlab/registry_repositories.json")
            .OnFile("GET", ProjectPath + "/registry/repositories/2/tags", "gitlab/registry_tags.json")
            .On("DELETE", ProjectPath + "/registry/repositories/2/tags/latest", 200, string.Empty);
        var client = NewClient();

        var repositories = await client.ListRegistryRepositoriesAsync(Project, Cancellation);
        var tags = await client.ListRegistryTagsAsync(Project, repositories[1].Id, Cancellation);
        await client.DeleteRegistryTagAsync(Project, repositories[1].Id, tags[1].Name, Cancellation);

        repositories.Select(repository => repository.Location).ShouldBe(["gitlab.example.com:5000/group/project", "gitlab.example.com:5000/group/project/releases"]);
        tags.Select(tag => tag.Name).ShouldBe(["A", "latest"]);
        Single("DELETE", ProjectPath + "/registry/repositories/2/tags/latest").Headers["PRIVATE-TOKEN"].ShouldBe(AccessToken);
    }

    [Fact]
    public async Task ProtectedBranches_ListGetProtectUpdateAndUnprotect()
    {
        _server.OnFile("GET", ProjectPath + "/protected_branches", "gitlab/protected_branches.json")
            .On("GET", ProjectPath + "/protected_branches/release%2F%2A", 200, """{"id":2,"name":"release/*","push_access_levels":[{"access_level":0}],"merge_access_levels":[{"access_level":40}],"allow_force_push":true}""")
            .OnFile("POST", ProjectPath + "/protected_branches", "gitlab/protected_branch.json", status: 201)
            .OnFile("PATCH", ProjectPath + "/protected_branches/main", "gitlab/protected_branch.json")
            .On("DELETE", ProjectPath + "/protected_branches/main", 204, string.Empty);
        var client = NewClient();

        var all = await client.ListProtectedBranchesAsync(Project, Cancellation);
        var wildcard = await client.GetProtectedBranchAsync(Project, "release/*", Cancellation);
        var created = await client.ProtectBranchAsync(Project, "main", pushAccessLevel: 40, mergeAccessLevel: 30, allowForcePush: false, Cancellation);
        await client.UpdateProtectedBranchAsync(Project, "main", allowForcePush: true, Cancellation);
        await client.UnprotectBranchAsync(Project, "main", Cancellation);

        all.Select(branch => (branch.Name, branch.AllowForcePush)).ShouldBe([("main", false), ("release/*", true)]);
        wildcard.PushAccessLevels.Single().AccessLevel.ShouldBe(0);
        created.PushAccessLevels.Single().AccessLevel.ShouldBe(40);
        var protect = Body(Single("POST", ProjectPath + "/protected_branches"));
        protect.GetProperty("name").GetString().ShouldBe("main");
        protect.GetProperty("push_access_level").GetInt32().ShouldBe(40);
        protect.GetProperty("merge_access_level").GetInt32().ShouldBe(30);
        protect.GetProperty("allow_force_push").GetBoolean().ShouldBeFalse();
        Body(Single("PATCH", ProjectPath + "/protected_branches/main")).GetProperty("allow_force_push").GetBoolean().ShouldBeTrue();
        Single("DELETE", ProjectPath + "/protected_branches/main").ShouldNotBeNull();
    }

    [Fact]
    public async Task ApprovalRules_ListCreateUpdateAndDelete()
    {
        _server.OnFile("GET", ProjectPath + "/approval_rules", "gitlab/approval_rules.json")
            .OnFile("POST", ProjectPath + "/approval_rules", "gitlab/approval_rule.json", status: 201)
            .OnFile("PUT", ProjectPath + "/approval_rules/3", "gitlab/approval_rule.json")
            .On("DELETE", ProjectPath + "/approval_rules/3", 204, string.Empty);
        var client = NewClient();

        var rules = await client.ListApprovalRulesAsync(Project, Cancellation);
        var rule = await client.CreateApprovalRuleAsync(Project, "Lightning: main", 1, [7], Cancellation);
        await client.UpdateApprovalRuleAsync(Project, rule.Id, "Lightning: main", 2, [7], Cancellation);
        await client.DeleteApprovalRuleAsync(Project, rule.Id, Cancellation);

        rules.Select(item => item.ApprovalsRequired).ShouldBe([3, 2]);
        var create = Body(Single("POST", ProjectPath + "/approval_rules"));
        create.GetProperty("approvals_required").GetInt32().ShouldBe(1);
        create.GetProperty("protected_branch_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([7L]);
        Body(Single("PUT", ProjectPath + "/approval_rules/3")).GetProperty("approvals_required").GetInt32().ShouldBe(2);
    }
}
