using Lightning.TestUtilities;
using System.Net;
using System.Text;
using Lightning.Git.Repositories.Merging;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;

namespace Lightning.Server.Tests.Endpoints;

public sealed class GitMergeEndpointsTests : IAsyncLifetime
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

    /// <summary>main and topic both change README.md's only line.</summary>
    void Diverge()
    {
        _repo.Git("switch", "-q", "-c", "topic");
        _repo.CommitFile("README.md", "# topic\n", "docs: topic");
        _repo.Git("switch", "-q", "main");
        _repo.CommitFile("README.md", "# main\n", "docs: main");
    }

    [Fact]
    public async Task Merge_FastForwardAndNoFastForward_MoveMain()
    {
        _repo.Git("switch", "-q", "-c", "topic");
        var tip = _repo.CommitFile("a.txt", "a", "feat: a");
        _repo.Git("switch", "-q", "main");

        var merged = await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"))).ReadAsync<GitMergeResult>();
        merged.Outcome.ShouldBe(GitMergeOutcome.FastForwarded);
        merged.Head.ShouldBe(tip);

        _repo.Git("switch", "-q", "topic");
        _repo.CommitFile("b.txt", "b", "feat: b");
        _repo.Git("switch", "-q", "main");

        // Modes are case-insensitive in the body.
        var body = new StringContent("{\"source\":\"topic\",\"mode\":\"NOFASTFORWARD\"}", Encoding.UTF8, "application/json");
        var noFf = await (await _api.Operator.PostAsync($"{Base}/merge", body, Token)).ReadAsync<GitMergeResult>();
        noFf.Outcome.ShouldBe(GitMergeOutcome.Merged);
        _repo.Git("rev-list", "--parents", "-n", "1", "HEAD").Split(' ').Length.ShouldBe(3);
    }

    [Fact]
    public async Task Merge_BadMode_Is400AndChangesNothing()
    {
        _repo.Git("branch", "topic");
        var before = _repo.State();

        var body = new StringContent("{\"source\":\"topic\",\"mode\":\"sideways\"}", Encoding.UTF8, "application/json");
        var problem = await (await _api.Operator.PostAsync($"{Base}/merge", body, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("mode").GetArrayLength().ShouldBe(1);
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Merge_ConflictThenResolveAndContinue_CommitsTheMerge()
    {
        Diverge();

        var merge = await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"))).ReadAsync<GitMergeResult>();
        merge.Outcome.ShouldBe(GitMergeOutcome.Conflicted);

        var report = await (await _api.Viewer.GetAsync($"{Base}/conflicts", Token)).ReadAsync<GitConflictReport>();
        report.Operation.ShouldBe(GitOperation.Merge);
        report.Files.ShouldHaveSingleItem().Path.ShouldBe("README.md");

        var resolved = await (await _api.Operator.PostJsonAsync($"{Base}/conflicts/resolve", new ResolveConflictRequest("README.md", GitResolutionSide.Theirs)))
            .ReadAsync<GitConflictReport>();
        resolved.Files.ShouldBeEmpty();

        var done = await (await _api.Operator.PostJsonAsync($"{Base}/merge/continue", new ContinueRequest("Merge topic"))).ReadAsync<GitApplyResult>();
        done.Outcome.ShouldBe(GitApplyOutcome.Done);
        _repo.Read("README.md").ShouldBe("# topic\n");
        _repo.Git("log", "-1", "--format=%s").Trim().ShouldBe("Merge topic");
    }

    [Fact]
    public async Task Merge_WhileAMergeIsInProgress_Is409AndLeavesTheRepositoryAsItWas()
    {
        Diverge();
        _repo.Git("branch", "other");
        (await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"))).ReadAsync<GitMergeResult>())
            .Outcome.ShouldBe(GitMergeOutcome.Conflicted);
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("other"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("git.merge_in_progress");
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Abort_AfterConflictedMerge_RestoresMain()
    {
        Diverge();
        var head = _repo.Head;
        await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"));

        var aborted = await (await _api.Operator.PostAsync($"{Base}/merge/abort", null, Token)).ReadAsync<AbortResult>();

        aborted.Aborted.ShouldBe(GitOperation.Merge);
        _repo.Head.ShouldBe(head);
        _repo.Read("README.md").ShouldBe("# main\n");
        (await (await _api.Operator.PostAsync($"{Base}/merge/abort", null, Token)).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .GetProperty("code").GetString().ShouldBe("git.no_operation");
    }

    [Fact]
    public async Task Merge_DirtyWorktree_Is409AndLeavesTheRepositoryAsItWas()
    {
        Diverge();
        _repo.Write("README.md", "# uncommitted\n");
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("git.dirty_worktree");
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Merge_UnknownSource_Is404()
    {
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("nope"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.unknown_ref");
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Resolve_NeitherSideNorContent_Is400()
    {
        Diverge();
        await _api.Operator.PostJsonAsync($"{Base}/merge", new MergeBranchRequest("topic"));
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/conflicts/resolve", new ResolveConflictRequest("README.md")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("side").GetArrayLength().ShouldBe(1);
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Stash_SaveListApplyDrop_RoundTrip()
    {
        _repo.Write("README.md", "# work in progress\n");

        var saved = await _api.Operator.PostJsonAsync($"{Base}/stash", new StashRequest("wip"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await saved.ReadAsync<GitStashEntry>()).Index.ShouldBe(0);
        _repo.Read("README.md").ShouldBe("# demo\n");

        var entries = await (await _api.Viewer.GetAsync($"{Base}/stash", Token)).ReadAsync<List<GitStashEntry>>();
        entries.ShouldHaveSingleItem().Message.ShouldContain("wip");

        var applied = await (await _api.Operator.PostAsync($"{Base}/stash/0/apply", null, Token)).ReadAsync<GitApplyResult>();
        applied.Conflicts.ShouldBeEmpty();
        _repo.Read("README.md").ShouldBe("# work in progress\n");

        (await _api.Operator.DeleteAsync($"{Base}/stash/0", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _repo.Git("stash", "list").ShouldBeEmpty();
        (await (await _api.Operator.DeleteAsync($"{Base}/stash/0", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("git.unknown_stash");
    }

    [Fact]
    public async Task CherryPickAndRevert_MakeCommitsOnMain()
    {
        _repo.Git("switch", "-q", "-c", "topic");
        var picked = _repo.CommitFile("a.txt", "a", "feat: a");
        _repo.Git("switch", "-q", "main");

        var pick = await (await _api.Operator.PostJsonAsync($"{Base}/cherry-pick", new CherryPickRequest([picked]))).ReadAsync<GitApplyResult>();
        pick.Outcome.ShouldBe(GitApplyOutcome.Done);
        pick.Commits.ShouldHaveSingleItem().ShouldBe(_repo.Head);
        _repo.Read("a.txt").ShouldBe("a");

        var revert = await (await _api.Operator.PostJsonAsync($"{Base}/revert", new RevertRequest(_repo.Head))).ReadAsync<GitApplyResult>();
        revert.Outcome.ShouldBe(GitApplyOutcome.Done);
        File.Exists(Path.Combine(_repo.Path, "a.txt")).ShouldBeFalse();

        (await (await _api.Operator.PostJsonAsync($"{Base}/cherry-pick", new CherryPickRequest([]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("commits").GetArrayLength().ShouldBe(1);
    }
}
