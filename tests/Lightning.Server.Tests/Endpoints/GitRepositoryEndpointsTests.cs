using Lightning.TestUtilities;
using System.Net;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using GitTag = Lightning.Git.Repositories.GitTag;

namespace Lightning.Server.Tests.Endpoints;

public sealed class GitRepositoryEndpointsTests : IAsyncLifetime
{
    const string Base = "/api/v2/git/repositories/demo";
    GitApi _api = null!;
    GitTestRepository _repo = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await GitApi.StartAsync();
        _repo = await _api.RepositoryAsync();
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Reads_StatusLogShowDiffBlame_AnswerFromTheRegisteredRepository()
    {
        var second = _repo.CommitFile("src/app.cs", "one\ntwo\n", "feat(app): add app");
        _repo.Write("src/app.cs", "one\nTWO\n");

        var status = await (await _api.Viewer.GetAsync($"{Base}/status", Token)).ReadAsync<GitStatus>();
        status.Branch.ShouldBe("main");
        status.HeadSha.ShouldBe(second);
        status.Entries.ShouldHaveSingleItem().Path.ShouldBe("src/app.cs");

        var log = await (await _api.Viewer.GetAsync($"{Base}/log?limit=1", Token)).ReadAsync<List<GitCommit>>();
        log.ShouldHaveSingleItem().Sha.ShouldBe(second);
        var byPath = await (await _api.Viewer.GetAsync($"{Base}/log?path=README.md&path=missing.txt", Token)).ReadAsync<List<GitCommit>>();
        byPath.ShouldHaveSingleItem().Subject.ShouldBe("chore: start");
        var since = await (await _api.Viewer.GetAsync($"{Base}/log?since=2026-01-01T00:00:30Z", Token)).ReadAsync<List<GitCommit>>();
        since.Select(c => c.Sha).ShouldBe([second]);

        var shown = await (await _api.Viewer.GetAsync($"{Base}/commits/{second}", Token)).ReadAsync<GitCommitDetails>();
        shown.Commit.Subject.ShouldBe("feat(app): add app");
        shown.Files.ShouldHaveSingleItem().Additions.ShouldBe(2);

        var worktree = await (await _api.Viewer.GetAsync($"{Base}/diff", Token)).ReadAsync<List<GitDiffFile>>();
        worktree.ShouldHaveSingleItem().Patch.ShouldContain("+TWO");
        var between = await (await _api.Viewer.GetAsync($"{Base}/diff?from=HEAD~1&to=HEAD&patch=false", Token)).ReadAsync<List<GitDiffFile>>();
        between.ShouldHaveSingleItem().Path.ShouldBe("src/app.cs");

        var blame = await (await _api.Viewer.GetAsync($"{Base}/blame?path=src/app.cs", Token)).ReadAsync<List<GitBlameLine>>();
        blame.Count.ShouldBe(2);
        blame.ShouldAllBe(line => line.Sha == second);
    }

    [Theory]
    [InlineData("log?limit=0", "limit")]
    [InlineData("log?limit=10001", "limit")]
    [InlineData("log?skip=-1", "skip")]
    [InlineData("log?since=01/02/2026", "since")]
    [InlineData("log?until=yesterday", "until")]
    [InlineData("diff?context=-1", "context")]
    [InlineData("blame", "path")]
    public async Task Reads_BadQuery_Is400NamingTheField(string route, string field)
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/{route}", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Log_NotANumber_Is400Problem()
    {
        await (await _api.Viewer.GetAsync($"{Base}/log?limit=many", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Log_LimitAtTheMaximum_IsAccepted()
    {
        var log = await (await _api.Viewer.GetAsync($"{Base}/log?limit=10000", Token)).ReadAsync<List<GitCommit>>();

        log.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("status")]
    [InlineData("log")]
    [InlineData("branches")]
    public async Task AnyRoute_UnknownRepository_Is404RepositoryNotFound(string route)
    {
        var problem = await (await _api.Viewer.GetAsync($"/api/v2/git/repositories/nope/{route}", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.repository_not_found");
    }

    [Theory]
    [InlineData("commits/no-such-branch")]
    [InlineData("log?revision=no-such-branch")]
    [InlineData("diff?from=no-such-branch&to=HEAD")]
    public async Task Reads_UnknownRef_Is404UnknownRef(string route)
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/{route}", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.unknown_ref");
    }

    [Fact]
    public async Task Branches_CreateRenameSwitchDelete_RoundTrip()
    {
        var created = await _api.Operator.PostJsonAsync($"{Base}/branches", new CreateBranchRequest("feature/a"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.ReadAsync<GitBranch>()).Sha.ShouldBe(_repo.Head);

        var renamed = await (await _api.Operator.PostJsonAsync($"{Base}/branches/feature%2Fa/rename", new RenameBranchRequest("feature-b"))).ReadAsync<GitBranch>();
        renamed.Name.ShouldBe("feature-b");

        var switched = await (await _api.Operator.PostJsonAsync($"{Base}/switch", new SwitchBranchRequest("feature-b"))).ReadAsync<GitStatus>();
        switched.Branch.ShouldBe("feature-b");
        var created2 = await (await _api.Operator.PostJsonAsync($"{Base}/switch", new SwitchBranchRequest("topic", Create: true))).ReadAsync<GitStatus>();
        created2.Branch.ShouldBe("topic");

        var branches = await (await _api.Viewer.GetAsync($"{Base}/branches", Token)).ReadAsync<List<GitBranch>>();
        branches.Select(b => b.Name).Order(StringComparer.Ordinal).ShouldBe(["feature-b", "main", "topic"]);
        branches.Single(b => b.IsCurrent).Name.ShouldBe("topic");

        (await _api.Operator.DeleteAsync($"{Base}/branches/feature-b", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _repo.Git("branch", "--list", "feature-b").ShouldBeEmpty();

        // Slashes in ref names travel escaped in route segments.
        (await _api.Operator.PostJsonAsync($"{Base}/branches", new CreateBranchRequest("feature/c"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await _api.Viewer.GetAsync($"{Base}/commits/feature%2Fc", Token)).ReadAsync<GitCommitDetails>()).Commit.Sha.ShouldBe(_repo.Head);
        (await _api.Operator.DeleteAsync($"{Base}/branches/feature%2Fc", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _repo.Git("branch", "--list", "feature/c").ShouldBeEmpty();
    }

    [Fact]
    public async Task Branches_DeleteUnknown_Is404AndCreateTaken_Is409()
    {
        (await (await _api.Operator.DeleteAsync($"{Base}/branches/nope", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("git.unknown_ref");
        (await (await _api.Operator.PostJsonAsync($"{Base}/branches", new CreateBranchRequest("main"))).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .GetProperty("code").GetString().ShouldBe("git.branch_exists");
    }

    [Fact]
    public async Task Switch_DirtyWorktreeInTheWay_Is409AndLeavesTheRepositoryAsItWas()
    {
        _repo.Git("switch", "-q", "-c", "other");
        _repo.CommitFile("README.md", "# other\n", "docs: other");
        _repo.Git("switch", "-q", "main");
        _repo.Write("README.md", "# local edit\n");
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/switch", new SwitchBranchRequest("other"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("git.dirty_worktree");
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Tags_CreateListDelete_RoundTrip()
    {
        (await _api.Operator.PostJsonAsync($"{Base}/tags", new CreateTagRequest("v1.0.0", Message: "first"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _api.Operator.PostJsonAsync($"{Base}/tags", new CreateTagRequest("light"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var tags = await (await _api.Viewer.GetAsync($"{Base}/tags", Token)).ReadAsync<List<GitTag>>();
        tags.Single(t => t.Name == "v1.0.0").IsAnnotated.ShouldBeTrue();
        tags.Single(t => t.Name == "light").IsAnnotated.ShouldBeFalse();

        (await _api.Operator.DeleteAsync($"{Base}/tags/light", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _repo.Git("tag", "--list").Trim().ShouldBe("v1.0.0");
    }

    [Fact]
    public async Task StageCommit_GeneratedMessage_CommitsAsTheConfiguredAuthor()
    {
        _repo.Write("docs/guide.md", "# guide\n");
        var staged = await (await _api.Operator.PostJsonAsync($"{Base}/stage", new StageRequest(["docs/guide.md"]))).ReadAsync<GitStatus>();
        staged.Entries.ShouldHaveSingleItem().Path.ShouldBe("docs/guide.md");

        var preview = await (await _api.Viewer.GetAsync($"{Base}/commit-message", Token)).ReadAsync<GeneratedCommitMessage>();
        preview.Type.ShouldBe("docs");

        var response = await _api.Operator.PostJsonAsync($"{Base}/commit", new CommitRequest(Generate: true));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var commit = await response.ReadAsync<GitCommit>();
        commit.Message.ShouldBe(preview.Message);
        commit.AuthorName.ShouldBe("Agent Lightning");
        _repo.Head.ShouldBe(commit.Sha);
    }

    [Fact]
    public async Task StageUnstage_All_MovesEveryChange()
    {
        _repo.Write("a.txt", "a").Write("b.txt", "b");

        var staged = await (await _api.Operator.PostJsonAsync($"{Base}/stage", new StageRequest(All: true))).ReadAsync<GitStatus>();
        staged.Entries.Count.ShouldBe(2);
        _repo.Git("diff", "--cached", "--name-only").ShouldContain("b.txt");

        await (await _api.Operator.PostJsonAsync($"{Base}/unstage", new StageRequest(All: true))).ReadAsync<GitStatus>();
        _repo.Git("diff", "--cached", "--name-only").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("stage", "{}", "paths")]
    [InlineData("stage", "{\"paths\":[\"a\"],\"all\":true}", "paths")]
    [InlineData("commit", "{}", "message")]
    [InlineData("commit", "{\"message\":\"x\",\"generate\":true}", "message")]
    [InlineData("push", "{\"refspecs\":[]}", "refspecs")]
    public async Task Changes_AmbiguousBody_Is400AndChangesNothing(string route, string body, string field)
    {
        _repo.Write("a.txt", "a");
        var before = _repo.State();

        var problem = await (await _api.Operator.PostAsync($"{Base}/{route}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Commit_NothingStaged_Is409()
    {
        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/commit", new CommitRequest("feat: nothing"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("git.nothing_to_commit");
    }

    [Fact]
    public async Task Changes_AsViewer_Are403AndLeaveTheRepositoryAsItWas()
    {
        _repo.Write("a.txt", "a");
        var before = _repo.State();
        (string Method, string Route, object? Body)[] changes =
        [
            ("POST", "branches", new CreateBranchRequest("x")),
            ("POST", "branches/main/rename", new RenameBranchRequest("y")),
            ("DELETE", "branches/main", null),
            ("POST", "switch", new SwitchBranchRequest("x", Create: true)),
            ("POST", "tags", new CreateTagRequest("v9")),
            ("POST", "stage", new StageRequest(All: true)),
            ("POST", "commit", new CommitRequest("feat: x", AllowEmpty: true)),
            ("POST", "push", new PushRequest(["main"])),
            ("POST", "merge", new MergeBranchRequest("main")),
            ("POST", "stash", new StashRequest()),
            ("POST", "release", new CutReleaseRequest()),
            ("POST", "review", new ReviewRequest("main", "main")),
        ];

        foreach (var (method, route, body) in changes)
        {
            var response = method == "DELETE"
                ? await _api.Viewer.DeleteAsync($"{Base}/{route}", Token)
                : await _api.Viewer.PostJsonAsync($"{Base}/{route}", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {route}");
        }

        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task PushFetch_LocalBareRemote_MovesCommitsBothWays()
    {
        var remote = _api.Track(GitTestRepository.Create(bare: true));
        _repo.Git("remote", "add", "origin", remote.Path);

        (await _api.Operator.PostJsonAsync($"{Base}/push", new PushRequest(["main"]))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        remote.Git("rev-parse", "main").Trim().ShouldBe(_repo.Head);

        // Someone else pushes to the remote; fetch brings it into origin/main.
        var other = _api.Track(GitTestRepository.Create());
        other.Git("pull", "-q", remote.Path, "main");
        var theirs = other.CommitFile("other.txt", "x", "feat: other");
        other.Git("push", "-q", remote.Path, "HEAD:main");
        var fetched = await _api.Operator.PostJsonAsync($"{Base}/fetch", new { });
        fetched.StatusCode.ShouldBe(HttpStatusCode.NoContent, await fetched.Content.ReadAsStringAsync(Token));

        _repo.Git("rev-parse", "origin/main").Trim().ShouldBe(theirs);
        var status = await (await _api.Viewer.GetAsync($"{Base}/status", Token)).ReadAsync<GitStatus>();
        status.Branch.ShouldBe("main");
    }

    [Fact]
    public async Task Push_ForcedRefspec_Is400AndPushesNothing()
    {
        var remote = _api.Track(GitTestRepository.Create(bare: true));
        _repo.Git("remote", "add", "origin", remote.Path);

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/push", new PushRequest(["+main"]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("git.invalid_refspec");
        remote.Git("for-each-ref").ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitMessage_NothingStaged_Is400NothingStaged()
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/commit-message", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("git.nothing_staged");
    }

    [Fact]
    public async Task Diff_Staged_ComparesTheIndexWithHead()
    {
        _repo.Write("README.md", "# staged\n");
        _repo.Git("add", "README.md");
        _repo.Write("README.md", "# worktree\n");

        var staged = await (await _api.Viewer.GetAsync($"{Base}/diff?staged=true", Token)).ReadAsync<List<GitDiffFile>>();

        staged.ShouldHaveSingleItem().Patch.ShouldContain("+# staged");
        staged[0].Patch.ShouldNotContain("worktree");
    }

    [Fact]
    public async Task Status_Json_IsCamelCaseWithEnumsAsCamelCaseStrings()
    {
        _repo.Write("README.md", "changed");

        var json = await (await _api.Viewer.GetAsync($"{Base}/status", Token)).Content.ReadAsStringAsync(Token);

        json.ShouldContain("\"worktree\":\"modified\"");
        json.ShouldContain("\"headSha\":");
    }
}
