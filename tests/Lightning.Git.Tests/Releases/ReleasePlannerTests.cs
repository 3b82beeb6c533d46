using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Releases;

public sealed class ReleasePlannerTests
{
    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    static readonly FixedTime Now = new(new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero));

    static ReleasePlanner Planner(ReleaseOptions? options = null)
    {
        var git = new GitCli();
        var history = new ReleaseHistoryReader(git);
        var wrapped = Options.Create(options ?? new ReleaseOptions());
        return new ReleasePlanner(git, history, new NextVersionCalculator(history, wrapped), new ChangelogGenerator(history, wrapped, Now), Now);
    }

    static GitTestRepository Released()
    {
        var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1", "feat: first");
        repository.Tag("v1.2.3", "release v1.2.3");
        repository.CommitFile("b.txt", "2", "feat(api): export");
        repository.CommitFile("c.txt", "3", "fix: empty export");
        repository.CommitFile("d.txt", "4", "docs: explain export");
        repository.CommitFile("e.txt", "5", "wip");
        return repository;
    }

    static Task<ReleaseResult> ReleaseAsync(GitTestRepository repository, ReleaseRequest? request = null) =>
        Planner().ReleaseAsync(repository.Path, request ?? new ReleaseRequest(new ReleasePlanRequest()), TestContext.Current.CancellationToken);

    [Fact]
    public async Task PlanAsync_ReleasableCommits_VersionsGroupsAndSection()
    {
        using var repository = Released();

        var plan = await Planner().PlanAsync(repository.Path, new ReleasePlanRequest(), TestContext.Current.CancellationToken);

        plan.CurrentVersion.ShouldBe("1.2.3");
        plan.CurrentTag.ShouldBe("v1.2.3");
        plan.NextVersion.ShouldBe("1.3.0");
        plan.NextTag.ShouldBe("v1.3.0");
        plan.Bump.ShouldBe(VersionBump.Minor);
        plan.Groups.Select(g => (g.Title, string.Join("|", g.Commits.Select(c => c.Subject)))).ShouldBe(
            [("Features", "feat(api): export"), ("Bug Fixes", "fix: empty export"), ("Documentation", "docs: explain export")]);
        plan.Commits.Count.ShouldBe(4);
        plan.ChangelogSection.ShouldBe(
            "## [1.3.0] - 2026-03-14\n\n### \U0001F680 Features\n\n- *(api)* Export\n\n### \U0001F41B Bug Fixes\n\n- Empty export\n\n### \U0001F4DA Documentation\n\n- Explain export\n");
    }

    [Fact]
    public async Task PlanAsync_KeepAChangelogPreRelease_SectionInThatFormat()
    {
        using var repository = Released();

        var plan = await Planner().PlanAsync(repository.Path, new ReleasePlanRequest(PreRelease: "rc", Format: ChangelogFormat.KeepAChangelog), TestContext.Current.CancellationToken);

        plan.NextTag.ShouldBe("v1.3.0-rc.1");
        plan.ChangelogSection.ShouldBe("## [1.3.0-rc.1] - 2026-03-14\n\n### Added\n\n- **api:** Export\n\n### Fixed\n\n- Empty export\n");
    }

    [Fact]
    public async Task ReleaseAsync_CleanRepository_CommitsChangelogAndTags()
    {
        using var repository = Released();

        var result = await ReleaseAsync(repository);

        result.Tag.ShouldBe("v1.3.0");
        result.Version.ShouldBe("1.3.0");
        result.ChangelogCommitted.ShouldBeTrue();
        repository.Git("cat-file", "-t", "v1.3.0").Trim().ShouldBe("tag");
        repository.Git("rev-parse", "v1.3.0^{commit}").Trim().ShouldBe(result.CommitSha);
        repository.Git("rev-parse", "HEAD").Trim().ShouldBe(result.CommitSha);
        repository.Git("log", "-1", "--format=%s%n%an").ShouldBe("chore(release): prepare for v1.3.0\nAgent Lightning\n");
        repository.Git("show", "--name-only", "--format=", "HEAD").Trim().ShouldBe("CHANGELOG.md");
        repository.Git("status", "--porcelain").ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(repository.Path, "CHANGELOG.md"), TestContext.Current.CancellationToken))
            .ShouldBe(result.Plan.ChangelogSection);

        var after = await Planner().PlanAsync(repository.Path, new ReleasePlanRequest(), TestContext.Current.CancellationToken);
        after.CurrentTag.ShouldBe("v1.3.0");
        after.HasRelease.ShouldBeFalse();
    }

    [Fact]
    public async Task ReleaseAsync_ExistingChangelog_PrependsAndKeepsHistory()
    {
        using var repository = Released();
        repository.CommitFile("CHANGELOG.md", "## [1.2.3] - 2026-01-01\n\n### \U0001F680 Features\n\n- First\n", "chore: changelog");

        await ReleaseAsync(repository);

        (await File.ReadAllTextAsync(Path.Combine(repository.Path, "CHANGELOG.md"), TestContext.Current.CancellationToken)).ShouldEndWith(
            "- Explain export\n\n### \u2699\uFE0F Miscellaneous Tasks\n\n- Changelog\n## [1.2.3] - 2026-01-01\n\n### \U0001F680 Features\n\n- First\n");
    }

    [Fact]
    public async Task ReleaseAsync_WithoutChangelog_OnlyTags()
    {
        using var repository = Released();
        var head = repository.Git("rev-parse", "HEAD").Trim();

        var result = await ReleaseAsync(repository, new ReleaseRequest(new ReleasePlanRequest(PreRelease: "beta"), ChangelogPath: null));

        result.Tag.ShouldBe("v1.3.0-beta.1");
        result.ChangelogCommitted.ShouldBeFalse();
        result.CommitSha.ShouldBe(head);
        repository.Git("rev-parse", "v1.3.0-beta.1^{commit}").Trim().ShouldBe(head);
    }

    [Fact]
    public async Task ReleaseAsync_DirtyWorktree_RefusesAndLeavesRepositoryAlone()
    {
        using var repository = Released();
        repository.Write("a.txt", "changed but not committed");
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => ReleaseAsync(repository));

        error.Code.ShouldBe("git.dirty_worktree");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ReleaseAsync_NothingReleasable_RefusesAndLeavesRepositoryAlone()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1", "feat: first");
        repository.Tag("v1.0.0");
        repository.CommitFile("README.md", "x", "docs: only docs");
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => ReleaseAsync(repository));

        error.Code.ShouldBe("git.nothing_to_release");
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ReleaseAsync_TagAlreadyExistsElsewhere_RefusesAndLeavesRepositoryAlone()
    {
        using var repository = Released();
        repository.Branch("side", "v1.2.3").Checkout("side");
        repository.CommitFile("side.txt", "1", "feat: on the side");
        repository.Tag("v1.3.0");
        repository.Checkout("main");
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => ReleaseAsync(repository));

        error.Code.ShouldBe("git.tag_exists");
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReleaseAsync_CommitFails_RollsEverythingBack(bool changelogExists)
    {
        using var repository = Released();
        if (changelogExists)
        {
            repository.CommitFile("CHANGELOG.md", "## [1.2.3] - 2026-01-01\n", "chore: changelog");
        }

        // A hook that refuses every commit: the release fails after the changelog was written and staged.
        var hook = Path.Combine(repository.Path, ".git", "hooks", "pre-commit");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\necho refused >&2\nexit 1\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var before = ReleaseTestKit.Snapshot(repository);

        await Should.ThrowAsync<LightningException>(() => ReleaseAsync(repository));

        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
        repository.Git("tag", "--list", "v1.3.0").ShouldBeEmpty();
    }

    [Fact]
    public async Task ReleaseAsync_ChangelogPathOutsideRepository_Refuses()
    {
        using var repository = Released();
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => ReleaseAsync(repository, new ReleaseRequest(new ReleasePlanRequest(), "../CHANGELOG.md")));

        error.Code.ShouldBe("git.path_outside_repository");
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ReleaseAsync_AfterRelease_GitCliffSkipsTheReleaseCommit()
    {
        using var repository = Released();
        await ReleaseAsync(repository);
        var expected = ReleaseTestKit.RunGitCliff(repository.Path);

        var generator = new ChangelogGenerator(new ReleaseHistoryReader(new GitCli()), Options.Create(new ReleaseOptions()));
        var actual = await generator.GenerateAsync(repository.Path, new ChangelogRequest(), TestContext.Current.CancellationToken);

        actual.ShouldBe(expected);
        actual.ShouldNotContain("prepare for");
    }
}
