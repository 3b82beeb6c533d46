using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Releases;

public sealed class NextVersionCalculatorTests
{
    static NextVersionCalculator Calculator(ReleaseOptions? options = null) =>
        new(new ReleaseHistoryReader(new GitCli()), Options.Create(options ?? new ReleaseOptions()));

    static Task<NextVersionResult> NextAsync(GitTestRepository repository, NextVersionRequest? request = null, ReleaseOptions? options = null) =>
        Calculator(options).CalculateAsync(repository.Path, request ?? new NextVersionRequest(), TestContext.Current.CancellationToken);

    static GitTestRepository Released(string tag = "v1.2.3")
    {
        var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1", "feat: first");
        repository.Tag(tag, "release " + tag);
        return repository;
    }

    [Theory]
    [InlineData("feat: add export", "1.3.0", VersionBump.Minor)]
    [InlineData("fix: handle empty input", "1.2.4", VersionBump.Patch)]
    [InlineData("perf: cache the index", "1.2.4", VersionBump.Patch)]
    [InlineData("feat(api)!: drop v1", "2.0.0", VersionBump.Major)]
    [InlineData("refactor: rename\n\nBREAKING CHANGE: the old name is gone", "2.0.0", VersionBump.Major)]
    [InlineData("FIX: shouting type", "1.2.4", VersionBump.Patch)]
    public async Task CalculateAsync_CommitSinceLastTag_BumpsByType(string message, string expected, VersionBump bump)
    {
        using var repository = Released();
        repository.CommitFile("b.txt", "2", "docs: explain");
        repository.CommitFile("c.txt", "3", message);

        var result = await NextAsync(repository);

        result.Bump.ShouldBe(bump);
        result.Next!.ToString().ShouldBe(expected);
        result.NextTag.ShouldBe("v" + expected);
        result.LastRelease!.Name.ShouldBe("v1.2.3");
        result.Commits.Select(c => c.Subject).ShouldBe([message.Split('\n')[0], "docs: explain"]);
    }

    [Fact]
    public async Task CalculateAsync_OnlyUnreleasableCommits_NoNextVersion()
    {
        using var repository = Released();
        repository.CommitFile("README.md", "x", "docs: explain");
        repository.CommitFile("b.txt", "x", "chore: tidy");
        repository.CommitFile("c.txt", "x", "not conventional at all");

        var result = await NextAsync(repository);

        result.Bump.ShouldBe(VersionBump.None);
        result.Next.ShouldBeNull();
        result.NextTag.ShouldBeNull();
        result.HasRelease.ShouldBeFalse();
        result.Current!.Version.ToString().ShouldBe("1.2.3");
        result.Commits.Count.ShouldBe(3);
    }

    [Fact]
    public async Task CalculateAsync_NoTagsYet_StartsFromZero()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1", "fix: first");
        repository.CommitFile("b.txt", "1", "feat: second");

        var result = await NextAsync(repository);

        result.Current.ShouldBeNull();
        result.LastRelease.ShouldBeNull();
        result.Next!.ToString().ShouldBe("0.1.0");
    }

    [Theory]
    [InlineData(true, "0.5.0")]
    [InlineData(false, "1.0.0")]
    public async Task CalculateAsync_BreakingBeforeOne_FollowsPreOneRule(bool breakingBumpsMinor, string expected)
    {
        using var repository = Released("v0.4.2");
        repository.CommitFile("b.txt", "2", "feat!: new storage format");

        var result = await NextAsync(repository, options: new ReleaseOptions { BreakingBumpsMinorBeforeOne = breakingBumpsMinor });

        result.Next!.ToString().ShouldBe(expected);
    }

    [Fact]
    public async Task CalculateAsync_TagsWithoutPrefix_AreVersionsToo()
    {
        using var repository = Released("1.2.3");
        repository.Tag("not-a-version");
        repository.CommitFile("b.txt", "2", "fix: x");

        var result = await NextAsync(repository);

        result.LastRelease!.Name.ShouldBe("1.2.3");
        result.NextTag.ShouldBe("v1.2.4");
    }

    [Fact]
    public async Task CalculateAsync_CustomPrefixAndTypeMap_UsesThem()
    {
        using var repository = Released("release-2.0.0");
        repository.CommitFile("README.md", "2", "docs: explain");
        var options = new ReleaseOptions { TagPrefix = "release-" };
        options.TypeBumps["docs"] = VersionBump.Patch;

        var result = await NextAsync(repository, options: options);

        result.Next!.ToString().ShouldBe("2.0.1");
        result.NextTag.ShouldBe("release-2.0.1");
    }

    [Fact]
    public async Task CalculateAsync_PreReleaseChannel_CountsUpThenReleases()
    {
        using var repository = Released();
        repository.CommitFile("b.txt", "2", "feat: export");

        var first = await NextAsync(repository, new NextVersionRequest(PreRelease: "rc"));
        first.NextTag.ShouldBe("v1.3.0-rc.1");
        repository.Tag(first.NextTag!, "rc 1");
        repository.CommitFile("c.txt", "3", "fix: export of empty sets");

        var second = await NextAsync(repository, new NextVersionRequest(PreRelease: "rc"));
        second.Current!.Name.ShouldBe("v1.3.0-rc.1");
        second.LastRelease!.Name.ShouldBe("v1.2.3");
        second.Next!.ToString().ShouldBe("1.3.0-rc.2");
        repository.Tag(second.NextTag!);

        var release = await NextAsync(repository);
        release.Next!.ToString().ShouldBe("1.3.0");
        release.Commits.Count.ShouldBe(2);

        var beta = await NextAsync(repository, new NextVersionRequest(PreRelease: "beta"));
        beta.Next!.ToString().ShouldBe("1.3.0-beta.1");
    }

    [Fact]
    public async Task CalculateAsync_BuildMetadata_IsAppended()
    {
        using var repository = Released();
        repository.CommitFile("b.txt", "2", "feat: export");

        var result = await NextAsync(repository, new NextVersionRequest(PreRelease: "rc", BuildMetadata: "build.007"));

        result.Next!.ToString().ShouldBe("1.3.0-rc.1+build.007");
    }

    [Theory]
    [InlineData("rc.1", null, "git.invalid_prerelease")]
    [InlineData("r c", null, "git.invalid_prerelease")]
    [InlineData(null, "build..1", "git.invalid_build_metadata")]
    public async Task CalculateAsync_InvalidPreReleaseOrMetadata_Throws(string? pre, string? metadata, string code)
    {
        using var repository = Released();
        repository.CommitFile("b.txt", "2", "feat: export");

        var error = await Should.ThrowAsync<LightningException>(() => NextAsync(repository, new NextVersionRequest(null, pre, metadata)));

        error.Code.ShouldBe(code);
    }

    [Fact]
    public async Task CalculateAsync_MonorepoPackage_CountsOnlyCommitsUnderItsPath()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("services/api/a.cs", "1", "feat: api start");
        repository.CommitFile("services/web/w.ts", "1", "feat: web start");
        repository.Tag("api@1.0.0").Tag("web/v2.0.0").Tag("v9.0.0");
        repository.CommitFile("services/web/w.ts", "2", "feat!: web rewrite");
        repository.CommitFile("services/api/a.cs", "2", "fix: api bug");
        repository.CommitFile("docs/x.md", "2", "feat: top-level feature");
        var options = new ReleaseOptions
        {
            Packages = [new ReleasePackage("api", "services/api"), new ReleasePackage("web", "services/web", PackageTagStyle.SlashV)],
        };

        var api = await NextAsync(repository, new NextVersionRequest("api"), options);
        var web = await NextAsync(repository, new NextVersionRequest("web"), options);

        api.LastRelease!.Name.ShouldBe("api@1.0.0");
        api.Commits.Select(c => c.Subject).ShouldBe(["fix: api bug"]);
        api.NextTag.ShouldBe("api@1.0.1");
        web.LastRelease!.Name.ShouldBe("web/v2.0.0");
        web.NextTag.ShouldBe("web/v3.0.0");
    }

    [Fact]
    public async Task CalculateAsync_UnknownPackage_Throws()
    {
        using var repository = Released();

        var error = await Should.ThrowAsync<LightningException>(() => NextAsync(repository, new NextVersionRequest("nope")));

        error.Code.ShouldBe("git.unknown_package");
        error.Kind.ShouldBe(ErrorKind.NotFound);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    [InlineData("services/../../x")]
    public async Task CalculateAsync_PackagePathOutsideRepository_Throws(string path)
    {
        using var repository = Released();
        var options = new ReleaseOptions { Packages = [new ReleasePackage("bad", path)] };

        var error = await Should.ThrowAsync<LightningException>(() => NextAsync(repository, new NextVersionRequest("bad"), options));

        error.Code.ShouldBe("git.path_outside_repository");
    }

    [Fact]
    public async Task CalculateAsync_NotARepository_Throws()
    {
        using var folder = new TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() =>
            Calculator().CalculateAsync(folder.Path, new NextVersionRequest(), TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.not_a_repository");
    }
}
