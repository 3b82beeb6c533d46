using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceBranchesTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    [Fact]
    public async Task ListBranchesAsync_LocalAndRemote_AheadBehindUpstreamAndDefault()
    {
        using var remote = GitTestRepository.Create();
        remote.CommitFile("a.txt", "1\n", "feat: one");
        remote.CommitFile("a.txt", "2\n", "feat: two");
        using var clone = GitTestRepository.Create();
        clone.Git("remote", "add", "origin", remote.Path);
        clone.Git("fetch", "-q", "origin");
        clone.Git("remote", "set-head", "origin", "main");
        clone.Git("checkout", "-q", "-B", "main", "--track", "origin/main");
        clone.Git("branch", "-q", "feature", "HEAD~1");
        clone.Checkout("feature").CommitFile("f.txt", "f\n", "feat: f");
        clone.CommitFile("g.txt", "g\n", "feat: g");
        clone.Checkout("main").CommitFile("m.txt", "m\n", "feat: local");
        remote.CommitFile("a.txt", "3\n", "feat: three");
        clone.Git("fetch", "-q", "origin");
        var ct = TestContext.Current.CancellationToken;

        var branches = await _service.ListBranchesAsync(clone.Path, ct);

        branches.Select(b => b.Name).ShouldBe(["feature", "main", "origin/main"]);
        var main = branches[1];
        (main.IsCurrent, main.IsRemote, main.Upstream, main.AheadOfUpstream, main.BehindUpstream).ShouldBe((true, false, "origin/main", 1, 1));
        (main.AheadOfDefault, main.BehindDefault).ShouldBe((0, 0));
        main.Sha.ShouldBe(clone.Git("rev-parse", "main").Trim());
        var feature = branches[0];
        (feature.IsCurrent, feature.Upstream, feature.AheadOfUpstream, feature.AheadOfDefault, feature.BehindDefault).ShouldBe((false, null, null, 2, 2));
        var origin = branches[2];
        (origin.IsRemote, origin.CanonicalName, origin.AheadOfDefault, origin.BehindDefault).ShouldBe((true, "refs/remotes/origin/main", 1, 1));
        (await _service.DefaultBranchAsync(clone.Path, ct)).ShouldBe("main");
    }

    [Fact]
    public async Task DefaultBranchAsync_WithoutOrigin_FallsBackToMasterOrCurrent()
    {
        using var repository = GitTestRepository.Create("master");
        var ct = TestContext.Current.CancellationToken;
        (await _service.DefaultBranchAsync(repository.Path, ct)).ShouldBeNull();

        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Git("switch", "-q", "-c", "topic");
        (await _service.DefaultBranchAsync(repository.Path, ct)).ShouldBe("master");

        repository.Git("branch", "-q", "-m", "master", "trunk");
        (await _service.DefaultBranchAsync(repository.Path, ct)).ShouldBe("topic");
    }

    [Fact]
    public async Task CreateBranchAsync_AtStartPoint_CreatesWithoutSwitching()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.CommitFile("a.txt", "2\n", "feat: two");
        var ct = TestContext.Current.CancellationToken;

        var branch = await _service.CreateBranchAsync(repository.Path, "release/1.x", first, ct);

        (branch.Name, branch.Sha, branch.IsCurrent, branch.AheadOfDefault, branch.BehindDefault).ShouldBe(("release/1.x", first, false, 0, 1));
        repository.Git("symbolic-ref", "--short", "HEAD").Trim().ShouldBe("main");
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("-rf")]
    [InlineData("a..b")]
    [InlineData("ends.lock")]
    [InlineData("HEAD")]
    [InlineData("@{-1}")]
    [InlineData("x~1")]
    [InlineData("")]
    public async Task CreateBranchAsync_InvalidName_ThrowsAndChangesNothing(string name)
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CreateBranchAsync(repository.Path, name, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.invalid_ref_name");
        error.Kind.ShouldBe(ErrorKind.Invalid);
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CreateBranchAsync_ExistingOrUnknownStart_ThrowsAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Branch("taken");
        var before = RepositoryTestKit.Snapshot(repository);
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.CreateBranchAsync(repository.Path, "taken", null, ct))).Code.ShouldBe("git.branch_exists");
        (await Should.ThrowAsync<LightningException>(() => _service.CreateBranchAsync(repository.Path, "new", "no-such-ref", ct))).Code.ShouldBe("git.unknown_ref");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task SwitchAsync_ExistingAndCreated_MovesHead()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.CommitFile("a.txt", "2\n", "feat: two");
        repository.Branch("other", first);
        var ct = TestContext.Current.CancellationToken;

        await _service.SwitchAsync(repository.Path, "other", false, null, ct);
        var status = await _service.StatusAsync(repository.Path, ct);
        (status.Branch, status.HeadSha).ShouldBe(("other", first));
        File.ReadAllText(Path.Combine(repository.Path, "a.txt")).ShouldBe("1\n");

        await _service.SwitchAsync(repository.Path, "fresh", true, "main", ct);
        (await _service.StatusAsync(repository.Path, ct)).Branch.ShouldBe("fresh");
        File.ReadAllText(Path.Combine(repository.Path, "a.txt")).ShouldBe("2\n");
    }

    [Fact]
    public async Task SwitchAsync_LocalChangesInTheWay_ThrowsDirtyWorktreeAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.CommitFile("a.txt", "2\n", "feat: two");
        repository.Branch("other", first);
        repository.Write("a.txt", "local edit\n").Write("untracked.txt", "u\n");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.SwitchAsync(repository.Path, "other", false, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.dirty_worktree");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task SwitchAsync_UnknownBranch_ThrowsUnknownRefAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.SwitchAsync(repository.Path, "nowhere", false, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unknown_ref");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task RenameBranchAsync_Current_RenamesAndKeepsHead()
    {
        using var repository = GitTestRepository.Create();
        var head = repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.Branch("taken");
        var ct = TestContext.Current.CancellationToken;

        var renamed = await _service.RenameBranchAsync(repository.Path, "main", "trunk", ct);

        (renamed.Name, renamed.Sha, renamed.IsCurrent).ShouldBe(("trunk", head, true));
        var before = RepositoryTestKit.Snapshot(repository);
        (await Should.ThrowAsync<LightningException>(() => _service.RenameBranchAsync(repository.Path, "trunk", "taken", ct))).Code.ShouldBe("git.branch_exists");
        (await Should.ThrowAsync<LightningException>(() => _service.RenameBranchAsync(repository.Path, "gone", "new", ct))).Code.ShouldBe("git.unknown_ref");
        (await Should.ThrowAsync<LightningException>(() => _service.RenameBranchAsync(repository.Path, "trunk", "no good", ct))).Code.ShouldBe("git.invalid_ref_name");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task DeleteBranchAsync_NotMerged_RefusesUnlessForced()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.Branch("merged");
        repository.Branch("topic").Checkout("topic").CommitFile("t.txt", "t\n", "feat: topic");
        repository.Checkout("main");
        var ct = TestContext.Current.CancellationToken;
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.DeleteBranchAsync(repository.Path, "topic", false, ct));
        error.Code.ShouldBe("git.branch_not_merged");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
        (await Should.ThrowAsync<LightningException>(() => _service.DeleteBranchAsync(repository.Path, "main", true, ct))).Code.ShouldBe("git.branch_current");
        (await Should.ThrowAsync<LightningException>(() => _service.DeleteBranchAsync(repository.Path, "nope", true, ct))).Code.ShouldBe("git.unknown_ref");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);

        await _service.DeleteBranchAsync(repository.Path, "merged", false, ct);
        await _service.DeleteBranchAsync(repository.Path, "topic", true, ct);
        (await _service.ListBranchesAsync(repository.Path, ct)).Select(b => b.Name).ShouldBe(["main"]);
    }
}
