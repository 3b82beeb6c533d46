using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceReadsTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    [Fact]
    public async Task StatusAsync_NotARepository_ThrowsNotARepository()
    {
        using var directory = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.StatusAsync(directory.Path, ct))).Code.ShouldBe("git.not_a_repository");
        (await Should.ThrowAsync<LightningException>(() => _service.StatusAsync(directory.Combine("missing"), ct))).Code.ShouldBe("git.not_a_repository");
        (await Should.ThrowAsync<LightningException>(() => _service.StatusAsync("relative/path", ct))).Code.ShouldBe("git.invalid_path");
    }

    [Fact]
    public async Task StatusAsync_BareRepository_ThrowsBareRepositoryButLogWorks()
    {
        using var work = GitTestRepository.Create();
        var head = work.CommitFile("a.txt", "a\n", "feat: a");
        using var bare = GitTestRepository.Create(bare: true);
        work.Git("push", "-q", bare.Path, "main");
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.StatusAsync(bare.Path, ct))).Code.ShouldBe("git.bare_repository");
        (await _service.LogAsync(bare.Path, new GitLogQuery(), ct)).ShouldHaveSingleItem().Sha.ShouldBe(head);
    }

    [Fact]
    public async Task LogAsync_EmptyRepository_ReturnsNothing()
    {
        using var repository = GitTestRepository.Create();

        (await _service.LogAsync(repository.Path, new GitLogQuery(), TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LogAsync_BadQuery_ThrowsStableCodes()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { Revision = "nope" }, ct))).Code.ShouldBe("git.unknown_ref");
        (await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { Revision = "--all" }, ct))).Code.ShouldBe("git.invalid_ref");
        (await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { Revision = "a...b" }, ct))).Code.ShouldBe("git.invalid_ref");
        (await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { MaxCount = -1 }, ct))).Code.ShouldBe("git.invalid_query");
        (await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { Paths = ["../x"] }, ct))).Code.ShouldBe("git.path_outside_repository");
    }

    [Fact]
    public async Task DiffAsync_StagedAndWorktree_AreKeptApart()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "one\ntwo\nthree\n", "feat: a");
        repository.Write("a.txt", "one\n2\nthree\n");
        repository.Git("add", "a.txt");
        repository.Write("a.txt", "one\n2\nthree\nfour");
        var ct = TestContext.Current.CancellationToken;

        var staged = (await _service.DiffAsync(repository.Path, new GitDiffQuery { Staged = true }, ct)).ShouldHaveSingleItem();
        var worktree = (await _service.DiffAsync(repository.Path, new GitDiffQuery(), ct)).ShouldHaveSingleItem();
        var statsOnly = (await _service.DiffAsync(repository.Path, new GitDiffQuery { IncludePatch = false }, ct)).ShouldHaveSingleItem();

        (staged.Additions, staged.Deletions).ShouldBe((1, 1));
        (worktree.Additions, worktree.Deletions).ShouldBe((2, 1));
        worktree.Hunks.ShouldHaveSingleItem().Lines[^1].ShouldBe(new GitDiffLine('+', null, 4, "four", NoNewlineAtEnd: true));
        (statsOnly.Additions, statsOnly.Hunks.Count, statsOnly.Patch).ShouldBe((2, 0, ""));
        (await Should.ThrowAsync<LightningException>(() => _service.DiffAsync(repository.Path, new GitDiffQuery { Staged = true, To = "HEAD" }, ct))).Code.ShouldBe("git.invalid_query");
        (await Should.ThrowAsync<LightningException>(() => _service.DiffAsync(repository.Path, new GitDiffQuery { Paths = ["/tmp"] }, ct))).Code.ShouldBe("git.path_outside_repository");
    }

    [Fact]
    public async Task BlameAsync_MissingFileOrOutside_Throws()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.BlameAsync(repository.Path, "b.txt", null, ct))).Code.ShouldBe("git.unknown_path");
        (await Should.ThrowAsync<LightningException>(() => _service.BlameAsync(repository.Path, "../../etc/passwd", null, ct))).Code.ShouldBe("git.path_outside_repository");
        (await Should.ThrowAsync<LightningException>(() => _service.BlameAsync(repository.Path, "a.txt", "v9", ct))).Code.ShouldBe("git.unknown_ref");
    }

    [Fact]
    public async Task ShowAsync_RootAndChild_ListChangesAgainstFirstParent()
    {
        using var repository = GitTestRepository.Create();
        var root = repository.CommitFile("a.txt", "a\n", "feat: a");
        var child = repository.Write("b.txt", "b\n").Delete("a.txt").Commit("feat: b instead of a");
        var ct = TestContext.Current.CancellationToken;

        var first = await _service.ShowAsync(repository.Path, root, 3, ct);
        var second = await _service.ShowAsync(repository.Path, "HEAD", 3, ct);

        first.Files.ShouldHaveSingleItem().Kind.ShouldBe(GitChangeKind.Added);
        second.Commit.Sha.ShouldBe(child);
        second.Files.Select(f => (f.Kind, f.Path)).ShouldBe([(GitChangeKind.Deleted, "a.txt"), (GitChangeKind.Added, "b.txt")]);
        second.Files[1].Patch.ShouldBe("@@ -0,0 +1 @@\n+b\n");
    }
}
