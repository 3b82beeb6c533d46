using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Releases;

public sealed class ChangelogGeneratorTests
{
    static ChangelogGenerator Generator(ReleaseOptions? options = null) =>
        new(new ReleaseHistoryReader(new GitCli()), Options.Create(options ?? new ReleaseOptions()));

    static Task<string> GenerateAsync(GitTestRepository repository, ChangelogRequest? request = null, ReleaseOptions? options = null) =>
        Generator(options).GenerateAsync(repository.Path, request ?? new ChangelogRequest(), TestContext.Current.CancellationToken);

    /// <summary>Repositories that exercise every rule of git-cliff's default configuration.</summary>
    static GitTestRepository Build(string scenario)
    {
        var r = GitTestRepository.Create();
        switch (scenario)
        {
            case "full":
                r.CommitOn("2025-12-30T10:00:00Z", "initial import");
                r.Tag("v0.0.1");
                r.Write("a.txt", "1").CommitOn("2026-01-01T09:00:00Z", "feat: initial thing");
                r.Write("b.txt", "1").CommitOn("2026-01-01T09:01:00Z", "fix(core): a bug");
                r.CommitOn("2026-01-01T09:02:00Z", "not conventional");
                r.Tag("v0.1.0", "first minor");
                r.CommitOn("2026-01-01T10:00:00Z", "only an unconventional commit here");
                r.Tag("v0.1.1");
                r.CommitOn("2026-01-02T08:00:00Z", "docs: readme");
                r.CommitOn("2026-01-02T08:01:00Z", "feat(api)!: drop old endpoints");
                r.CommitOn("2026-01-02T08:02:00Z", "Feat: uppercase type goes to other");
                r.CommitOn("2026-01-02T08:03:00Z", "refactor: move things\n\nBREAKING CHANGE: moved it");
                r.CommitOn("2026-01-02T08:04:00Z", "build: bump compiler\n\nthis fixes a security issue");
                r.CommitOn("2026-01-02T08:05:00Z", "chore(release): prepare for 1.0.0");
                r.CommitOn("2026-01-02T08:06:00Z", "ci: pipeline");
                r.CommitOn("2026-01-02T08:07:00Z", "chore: tidy");
                r.CommitOn("2026-01-02T08:08:00Z", "perf: faster");
                r.CommitOn("2026-01-02T08:09:00Z", "style: format");
                r.CommitOn("2026-01-02T08:10:00Z", "test: more tests");
                r.CommitOn("2026-01-02T08:11:00Z", "revert: undo the thing");
                r.CommitOn("2026-01-02T08:12:00Z", "build(deps): other");
                r.CommitOn("2026-01-02T08:13:00Z", "fix: lower first letter\n\nRefs: #12");
                r.CommitOn("2026-01-02T08:14:00Z", "fix(ui): second fix in the group");
                r.CommitOn("2026-01-02T08:15:00Z", "feat(api): second feature\n\nSome body text.\n\nReviewed-by: Z");
                r.CommitOn("2026-01-02T08:16:00Z", "feat: security body\n\nhardens security a bit");
                r.CommitOn("2026-01-02T08:17:00Z", "Merge branch 'topic'");
                r.Tag("1.0.0", "the big one");
                r.CommitOn("2026-01-03T12:00:00Z", "feat: unreleased thing");
                r.CommitOn("2026-01-03T12:01:00Z", "chore(deps): bump");
                r.CommitOn("2026-01-03T12:02:00Z", "fix!: unreleased breaking fix");
                break;
            case "no-tags":
                r.CommitOn("2026-02-01T00:00:00Z", "feat: one");
                r.CommitOn("2026-02-01T00:01:00Z", "wip");
                r.CommitOn("2026-02-01T00:02:00Z", "docs(readme): two");
                break;
            case "head-tagged":
                r.CommitOn("2026-02-01T00:00:00Z", "feat: one");
                r.Tag("v1.0.0");
                r.CommitOn("2026-02-03T23:59:59Z", "fix: two");
                r.Tag("v1.0.1", "patch");
                break;
            case "unconventional-only":
                r.CommitOn("2026-02-01T00:00:00Z", "first");
                r.CommitOn("2026-02-01T00:01:00Z", "second");
                break;
            case "merges":
                r.CommitOn("2026-03-01T00:00:00Z", "feat: base");
                r.Tag("v1.0.0");
                r.Branch("topic").Checkout("topic");
                r.Write("t.txt", "1").CommitOn("2026-03-02T00:00:00Z", "feat(topic): on the branch");
                r.Write("t.txt", "2").CommitOn("2026-03-02T00:01:00Z", "fix(topic): still on the branch");
                r.Checkout("main");
                r.Write("m.txt", "1").CommitOn("2026-03-02T00:02:00Z", "fix: on main");
                r.Git("merge", "--no-ff", "-q", "-m", "Merge branch 'topic'", "topic");
                r.Write("m.txt", "2").CommitOn("2026-03-03T00:00:00Z", "feat: after the merge");
                break;
            case "odd":
                r.CommitOn("2026-04-01T00:00:00Z", "feat(web-ui): élan vital");
                r.Tag("release-candidate");
                r.CommitOn("2026-04-02T00:00:00Z", "chore(deps): bump one");
                r.CommitOn("2026-04-02T00:01:00Z", "chore(deps-dev): bump two");
                r.Tag("vv2.0.0");
                r.CommitOn("2026-04-03T00:00:00Z", "fix: handle `null` (again) #12\n\nBREAKING-CHANGE: callers must check");
                r.CommitOn("2026-04-03T00:01:00Z", "perf(db)!: index everything");
                r.CommitOn("2026-04-03T00:02:00Z", "style: 123 numbers first");
                r.CommitOn("2026-04-03T00:03:00Z", "docs:missing space is not conventional");
                r.CommitOn("2026-04-03T00:04:00Z", "chore(pr): skipped");
                r.Tag("v3.0.0", "three");
                break;
            case "lenient":
                // Messages where git-cliff (git-conventional) is more lenient than the specification, or agrees with it.
                string[] messages =
                [
                    "feat:a1 no space", "feat :a2 space before colon", "feat(): a3 empty scope", "feat( ): a4 blank scope",
                    "feat(web ui): a5 scope with space", "feat:  a6 two spaces", "feat: a7 body without blank\nsecond line",
                    "feat!!: a8 double bang", "1feat: a9 digit type", "feat_x: b1 underscore type", "feat-x: b2 dash type",
                    "feat: b3\n\nbreaking-change: lower", "feat: b4\n\nbreaking change: lower spaced", "feat: b5\n\nBreaking-Change: mixed",
                    "feat: b6\n\nBREAKING CHANGE #12", "feat!(api): b7 bang before scope", "feat(api)(db): b8 two scopes",
                    "feat(a,b): b9 comma scope", "feat(a/b): c1 slash scope", "feat.x: c2 dotted type", "feat(api) !: c4 space before bang",
                    "build: c5\n\nNote: a paragraph that looks like a footer\n\nsecurity matters here", "build: c6\n\nfirst paragraph\n\nsecurity in the second paragraph",
                ];
                for (var i = 0; i < messages.Length; i++)
                {
                    r.CommitOn($"2026-05-01T00:{i:00}:00Z", messages[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        return r;
    }

    [Theory]
    [InlineData("full")]
    [InlineData("no-tags")]
    [InlineData("head-tagged")]
    [InlineData("unconventional-only")]
    [InlineData("merges")]
    [InlineData("odd")]
    [InlineData("lenient")]
    public async Task GenerateAsync_Default_MatchesGitCliffByteForByte(string scenario)
    {
        using var repository = Build(scenario);
        var expected = ReleaseTestKit.RunGitCliff(repository.Path);

        var actual = await GenerateAsync(repository);

        actual.ShouldBe(expected);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("no-tags")]
    public async Task GenerateAsync_UnreleasedOnly_MatchesGitCliffUnreleased(string scenario)
    {
        using var repository = Build(scenario);
        var expected = ReleaseTestKit.RunGitCliff(repository.Path, "--unreleased");

        var actual = await GenerateAsync(repository, new ChangelogRequest(UnreleasedOnly: true));

        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task GenerateAsync_Full_HasExpectedShape()
    {
        // Independent of git-cliff, so the shape is pinned even where git-cliff is not installed.
        using var repository = Build("full");

        var actual = await GenerateAsync(repository);

        actual.ShouldStartWith("## [unreleased]\n\n### \U0001F680 Features\n\n- Unreleased thing\n\n### \U0001F41B Bug Fixes\n\n- [**breaking**] Unreleased breaking fix\n## [1.0.0] - 2026-01-02\n");
        actual.ShouldContain("- *(api)* [**breaking**] Drop old endpoints\n- *(api)* Second feature\n- Security body\n");
        actual.ShouldContain("### \U0001F6E1\uFE0F Security\n\n- Bump compiler\n");
        actual.ShouldNotContain("prepare for");
        actual.ShouldNotContain("0.1.1");
        actual.ShouldEndWith("## [0.1.0] - 2026-01-01\n\n### \U0001F680 Features\n\n- Initial thing\n\n### \U0001F41B Bug Fixes\n\n- *(core)* A bug\n## [0.0.1] - 2025-12-30\n");
    }

    [Fact]
    public async Task GenerateAsync_KeepAChangelog_GroupsByKind()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitOn("2026-01-01T00:00:00Z", "feat: first");
        repository.Tag("v1.0.0");
        repository.CommitOn("2026-01-05T00:00:00Z", "feat(api): export");
        repository.CommitOn("2026-01-05T00:01:00Z", "fix: crash on empty input");
        repository.CommitOn("2026-01-05T00:02:00Z", "docs: not for users");
        repository.CommitOn("2026-01-05T00:03:00Z", "deprecate: the v1 endpoints");
        repository.CommitOn("2026-01-05T00:04:00Z", "remove: the beta flag");
        repository.CommitOn("2026-01-05T00:05:00Z", "fix(security): escape names");
        repository.CommitOn("2026-01-05T00:06:00Z", "perf: faster search");
        repository.CommitOn("2026-01-05T00:07:00Z", "chore!: require .NET 10");
        repository.Tag("v1.1.0");
        repository.CommitOn("2026-01-06T00:00:00Z", "fix: after the release");

        var actual = await GenerateAsync(repository, new ChangelogRequest(Format: ChangelogFormat.KeepAChangelog));

        actual.ShouldBe("""
            # Changelog

            All notable changes to this project will be documented in this file.

            The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
            and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

            ## [Unreleased]

            ### Fixed

            - After the release

            ## [1.1.0] - 2026-01-05

            ### Added

            - **api:** Export

            ### Changed

            - Faster search
            - **BREAKING:** Require .NET 10

            ### Deprecated

            - The v1 endpoints

            ### Removed

            - The beta flag

            ### Fixed

            - Crash on empty input

            ### Security

            - **security:** Escape names

            ## [1.0.0] - 2026-01-01

            ### Added

            - First

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_UserTemplate_RendersVersionsGroupsCommits()
    {
        using var repository = Build("head-tagged");
        using var folder = new TempDirectory();
        var template = folder.Combine("changelog.mustache");
        await File.WriteAllTextAsync(template, """
            {{! one line per commit }}
            {{#releases}}
            # {{version}}{{#date}} ({{.}}){{/date}}{{^date}} (unreleased){{/date}}
            {{#groups}}
            ## {{title}}
            {{#commits}}
            * {{#scope}}{{.}}: {{/scope}}{{^scope}}-{{/scope}}{{description}} [{{short_sha}}] by {{author}}{{#breaking}} BREAKING{{/breaking}}
            {{/commits}}
            {{/groups}}
            {{^groups}}
            nothing to see
            {{/groups}}
            {{/releases}}
            """, TestContext.Current.CancellationToken);
        var shas = repository.Git("log", "--format=%h", "--abbrev=7").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var actual = await GenerateAsync(repository, new ChangelogRequest(Format: ChangelogFormat.Template, TemplatePath: template));

        actual.ShouldBe($"# 1.0.1 (2026-02-03)\n## Bug Fixes\n* -Two [{shas[0]}] by Test Author\n# 1.0.0 (2026-02-01)\n## Features\n* -One [{shas[1]}] by Test Author\n");
    }

    [Fact]
    public async Task GenerateAsync_Range_SelectsReleasesBetweenTags()
    {
        using var repository = Build("full");

        var actual = await GenerateAsync(repository, new ChangelogRequest(FromTag: "v0.1.0", ToTag: "1.0.0"));

        actual.ShouldStartWith("## [1.0.0] - 2026-01-02\n");
        actual.ShouldNotContain("[0.1.0]");
        actual.ShouldNotContain("unreleased");
    }

    [Fact]
    public async Task GenerateAsync_UnknownRangeTag_Throws()
    {
        using var repository = Build("head-tagged");

        var error = await Should.ThrowAsync<LightningException>(() => GenerateAsync(repository, new ChangelogRequest(FromTag: "v7.0.0")));

        error.Code.ShouldBe("git.unknown_ref");
    }

    [Fact]
    public async Task GenerateAsync_Package_UsesItsTagsAndPath()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("services/api/a.cs", "1").CommitOn("2026-01-01T00:00:00Z", "feat: api start");
        repository.Write("web/w.ts", "1").CommitOn("2026-01-01T00:01:00Z", "feat: web start");
        repository.Tag("api@1.0.0").Tag("v5.0.0");
        repository.Write("web/w.ts", "2").CommitOn("2026-01-02T00:00:00Z", "fix: web bug");
        repository.Write("services/api/a.cs", "2").CommitOn("2026-01-02T00:01:00Z", "fix: api bug");
        var options = new ReleaseOptions { Packages = [new ReleasePackage("api", "services/api")] };

        var actual = await GenerateAsync(repository, new ChangelogRequest(Package: "api"), options);

        actual.ShouldBe("## [unreleased]\n\n### \U0001F41B Bug Fixes\n\n- Api bug\n## [api@1.0.0] - 2026-01-01\n\n### \U0001F680 Features\n\n- Api start\n");
    }

    [Fact]
    public async Task PrependAsync_ExistingChangelog_ReplacesUnreleasedAndKeepsHistory()
    {
        using var repository = Build("head-tagged");
        repository.Write("CHANGELOG.md", "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n\n- Stale\n\n## [1.0.0] - 2026-02-01\n\n### Added\n\n- One\n");
        var generator = Generator();

        var file = await generator.PrependAsync(repository.Path, "CHANGELOG.md", "## [1.0.1] - 2026-02-03\n\n### Fixed\n\n- Two\n", ChangelogFormat.KeepAChangelog, TestContext.Current.CancellationToken);

        (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).ShouldBe(
            "# Changelog\n\nIntro.\n\n## [1.0.1] - 2026-02-03\n\n### Fixed\n\n- Two\n\n## [1.0.0] - 2026-02-01\n\n### Added\n\n- One\n");
        Directory.GetFiles(repository.Path, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task PrependAsync_NoFile_CreatesOneWithHeader()
    {
        using var repository = Build("head-tagged");

        var file = await Generator().PrependAsync(repository.Path, "docs/CHANGES.md", "## [Unreleased]\n\n### Fixed\n\n- X\n", ChangelogFormat.KeepAChangelog, TestContext.Current.CancellationToken);

        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        text.ShouldStartWith("# Changelog\n\nAll notable changes");
        text.ShouldEndWith("and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n## [Unreleased]\n\n### Fixed\n\n- X\n");
    }

    [Theory]
    [InlineData(null, "## [1.0.0] - x\n", "## [1.0.0] - x\n")]
    [InlineData("## [0.9.0] - y\n- Old\n", "## [1.0.0] - x\n- New", "## [1.0.0] - x\n- New\n## [0.9.0] - y\n- Old\n")]
    [InlineData("## [unreleased]\n- Stale\n## [0.9.0] - y\n", "## [1.0.0] - x\n", "## [1.0.0] - x\n## [0.9.0] - y\n")]
    [InlineData("Some notes only.\n", "## [1.0.0] - x\n", "Some notes only.\n\n## [1.0.0] - x\n")]
    public void Prepend_DefaultFormat_KeepsGitCliffSpacing(string? existing, string sections, string expected)
    {
        ChangelogGenerator.Prepend(existing, sections, ChangelogFormat.Default).ShouldBe(expected);
    }

    [Theory]
    [InlineData("../CHANGELOG.md")]
    [InlineData("/tmp/CHANGELOG.md")]
    [InlineData(".git/CHANGELOG.md")]
    public async Task PrependAsync_PathOutsideRepository_RefusesAndLeavesRepositoryAlone(string path)
    {
        using var repository = Build("head-tagged");
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            Generator().PrependAsync(repository.Path, path, "## x\n", ChangelogFormat.Default, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.path_outside_repository");
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
        File.Exists(Path.Combine(Path.GetDirectoryName(repository.Path)!, "CHANGELOG.md")).ShouldBeFalse();
    }

    [Fact]
    public async Task GenerateAsync_MissingTemplateFile_Throws()
    {
        using var repository = Build("head-tagged");

        var error = await Should.ThrowAsync<LightningException>(() =>
            GenerateAsync(repository, new ChangelogRequest(Format: ChangelogFormat.Template, TemplatePath: "/nonexistent/template")));

        error.Code.ShouldBe("git.changelog_template_missing");
    }
}
