using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Testing.Selection;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Selection;

public sealed class GitChangeDetectorTests
{
    static readonly string Ten = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";

    [Fact]
    public async Task WorkingTreeAsync_StagedUnstagedAndUntracked_ReportsEachWithLines()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("src/a.py", Ten).Write("src/b.py", Ten).Write("src/gone.py", "x = 1\n").Write(".gitignore", "*.log\n");
        var head = repository.Commit("first");
        repository.Write("src/a.py", Ten.Replace("line 3\n", "line three\n", StringComparison.Ordinal));
        repository.Write("src/b.py", Ten.Replace("line 7\n", "line 7\nline 7.5\n", StringComparison.Ordinal));
        repository.Git("add", "src/b.py"); // staged
        repository.Delete("src/gone.py");
        repository.Write("src/new.py", "y = 2\n").Write("debug.log", "ignored\n");
        // Lightning's own data directory (the CLI's default is ./.lightning), and a dependency folder: not changes.
        repository.Write(".lightning/lightning.db", "runs").Write("node_modules/left-pad/index.js", "x\n");

        var changes = await new GitChangeDetector(new GitCli()).WorkingTreeAsync(repository.Path, TestContext.Current.CancellationToken);

        Assert.Equal(ChangeSet.WorkingTree, changes.Source);
        Assert.Equal(head, changes.Base);
        var byPath = changes.Files.ToDictionary(file => file.Path);
        Assert.Equal(["src/a.py", "src/b.py", "src/gone.py", "src/new.py"], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new LineRange(3, 3)], byPath["src/a.py"].Lines);
        Assert.Equal([new LineRange(3, 3)], byPath["src/a.py"].OldLines);
        Assert.Equal([new LineRange(8, 8)], byPath["src/b.py"].Lines);
        Assert.Equal([new LineRange(7, 8)], byPath["src/b.py"].OldLines); // the lines either side of the insertion
        Assert.Equal(ChangeKind.Deleted, byPath["src/gone.py"].Kind);
        Assert.True(byPath["src/new.py"].WholeFile);
        Assert.Equal(ChangeKind.Added, byPath["src/new.py"].Kind);
    }

    [Fact]
    public async Task BetweenAsync_TwoCommits_ReportsLineRangesOfBothSides()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("calc.py", Ten);
        var first = repository.Commit("first");
        repository.Write("calc.py", Ten.Replace("line 2\n", "", StringComparison.Ordinal).Replace("line 9\n", "nine\nnine b\n", StringComparison.Ordinal));
        repository.Write("docs/read me.md", "hello\n");
        var second = repository.Commit("second");

        var changes = await new GitChangeDetector(new GitCli()).BetweenAsync(repository.Path, "HEAD~1", "main", TestContext.Current.CancellationToken);

        Assert.Equal(first, changes.Base);
        Assert.Equal(second, changes.Head);
        Assert.Equal("HEAD~1..main", changes.Describe());
        var calc = Assert.Single(changes.Files, file => file.Path == "calc.py");
        Assert.Equal([new LineRange(1, 2), new LineRange(8, 9)], calc.Lines); // around the deletion, then the rewrite
        Assert.Equal([new LineRange(2, 2), new LineRange(9, 9)], calc.OldLines);
        Assert.Contains(changes.Files, file => file.Path == "docs/read me.md" && file.Kind == ChangeKind.Added);
    }

    [Fact]
    public async Task BetweenAsync_UnknownRevision_ThrowsNamingIt()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n");
        repository.Commit("first");
        var detector = new GitChangeDetector(new GitCli());

        var unknown = await Assert.ThrowsAsync<LightningException>(() => detector.BetweenAsync(repository.Path, "nope-branch", "HEAD", TestContext.Current.CancellationToken));
        var option = await Assert.ThrowsAsync<LightningException>(() => detector.BetweenAsync(repository.Path, "HEAD", "--output=/tmp/x", TestContext.Current.CancellationToken));

        Assert.Equal(GitChangeDetector.UnknownRefCode, unknown.Code);
        Assert.Equal(ErrorKind.Invalid, unknown.Kind);
        Assert.Contains("'nope-branch'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'--output=/tmp/x'", option.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkingTreeAsync_RepositoryWithoutCommits_ComparesWithTheEmptyTree()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.py", "a = 1\n");
        repository.Git("add", "a.py");
        repository.Write("b.py", "b = 1\n");

        var changes = await new GitChangeDetector(new GitCli()).WorkingTreeAsync(repository.Path, TestContext.Current.CancellationToken);

        Assert.Null(changes.Base);
        Assert.Equal(["a.py", "b.py"], changes.Files.Select(file => file.Path).Order(StringComparer.Ordinal));
        Assert.All(changes.Files, file => Assert.True(file.WholeFile));
    }

    [Fact]
    public async Task WorkingTreeAsync_SubfolderOfTheWorkTree_PathsRelativeToIt()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("services/api/app.py", Ten).Write("other/x.py", Ten);
        repository.Commit("first");
        repository.Write("services/api/app.py", "changed\n" + Ten).Write("other/x.py", "changed\n");

        var changes = await new GitChangeDetector(new GitCli()).WorkingTreeAsync(Path.Combine(repository.Path, "services/api"), TestContext.Current.CancellationToken);

        var file = Assert.Single(changes.Files);
        Assert.Equal("app.py", file.Path);
        Assert.Equal([new LineRange(1, 1)], file.Lines);
    }

    [Fact]
    public async Task WorkingTreeAsync_NotARepository_SaysSo()
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<LightningException>(() => new GitChangeDetector(new GitCli()).WorkingTreeAsync(directory.Path, TestContext.Current.CancellationToken));

        Assert.Equal("testing.not_a_git_repository", error.Code);
    }
}
