using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

/// <summary>The release, insight, prediction and review commands on repositories made in the test.</summary>
public sealed class GitReleaseCommandTests
{
    [Fact]
    public async Task NextVersionChangelogRelease_FeatureSinceTag_ReleasesTheMinor()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "a\n", "feat: first feature");
        repository.Git("tag", "v1.0.0");
        repository.CommitFile("b.txt", "b\n", "feat(api): add search");
        repository.CommitFile("c.txt", "c\n", "fix: handle empty input");

        var next = await repository.RunAsync("git", "next-version");
        var json = await repository.RunAsync("git", "next-version", "--pre", "rc", "--json");
        var changelog = await repository.RunAsync("git", "changelog", "--unreleased");
        var unknownPackage = await repository.RunAsync("git", "next-version", "--package", "nope");
        var release = await repository.RunAsync("git", "release");
        var again = await repository.RunAsync("git", "release");

        next.ExitCode.ShouldBe(ExitCodes.Ok, next.ToString());
        next.Stdout.ShouldContain("Current:  1.0.0 (v1.0.0)");
        next.Stdout.ShouldContain("Next:     1.1.0 (v1.1.0)");
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            document.RootElement.GetProperty("nextVersion").GetString().ShouldBe("1.1.0-rc.1");
        }

        changelog.ExitCode.ShouldBe(ExitCodes.Ok, changelog.ToString());
        changelog.Stdout.ShouldContain("## [unreleased]");
        changelog.Stdout.ShouldContain("- *(api)* Add search");
        changelog.Stdout.ShouldNotContain("First feature");
        unknownPackage.ExitCode.ShouldBe(ExitCodes.NotFound, unknownPackage.ToString());
        unknownPackage.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No package 'nope' is configured (known: none).");
        release.ExitCode.ShouldBe(ExitCodes.Ok, release.ToString());
        release.Stdout.ShouldStartWith("Released 1.1.0: tag 'v1.1.0'");
        repository.Git("describe", "--tags", "--exact-match").Trim().ShouldBe("v1.1.0");
        repository.Read("CHANGELOG.md").ShouldContain("## [1.1.0]");
        again.ExitCode.ShouldBe(ExitCodes.InvalidRequest, again.ToString());
    }

    [Fact]
    public async Task Changelog_Output_PrependsToTheFile()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("CHANGELOG.md", "# Changelog\n\n## [0.1.0] - 2025-01-01\n\n- old\n", "docs: changelog");
        repository.CommitFile("a.txt", "a\n", "feat: new thing");

        var run = await repository.RunAsync("git", "changelog", "--format", "keep-a-changelog", "--unreleased", "--output", "CHANGELOG.md");
        var badFormat = await repository.RunAsync("git", "changelog", "--format", "fancy");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var text = repository.Read("CHANGELOG.md");
        text.ShouldStartWith("# Changelog\n");
        text.IndexOf("New thing", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("## [0.1.0]", StringComparison.Ordinal));
        badFormat.ExitCode.ShouldBe(ExitCodes.Usage, badFormat.ToString());
    }

    [Fact]
    public async Task PredictConflicts_TwoBranchesEditingOneLine_RanksTheConflictingPair()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "base\n", "feat: a");
        repository.Git("branch", "left");
        repository.Git("branch", "right");
        repository.Git("checkout", "-q", "left");
        repository.CommitFile("a.txt", "left\n", "feat: left");
        repository.Git("checkout", "-q", "right");
        repository.CommitFile("a.txt", "right\n", "feat: right");
        repository.Git("checkout", "-q", "main");
        var before = repository.Snapshot();

        var run = await repository.RunAsync("git", "predict-conflicts", "--window-days", "0");
        var json = await repository.RunAsync("git", "predict", "--window-days", "0", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldStartWith("3 active branch(es), default main: 3 pair(s) checked, 1 conflicting.");
        run.Stdout.Split('\n')[2].ShouldBe("1  left  right   conflicting  a.txt (content)");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("pairs")[0].GetProperty("status").GetString().ShouldBe("conflicting");
        repository.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task InsightsAndContributors_SmallHistory_ShowHotspotsAndPeople()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("src/app.cs", "1\n", "feat: app");
        repository.CommitFile("src/app.cs", "1\n2\n", "feat: more app");
        repository.CommitFile("docs/readme.md", "r\n", "docs: readme");

        var insights = await repository.RunAsync("git", "insights", "--top", "5");
        var contributors = await repository.RunAsync("git", "contributors", "--json");

        insights.ExitCode.ShouldBe(ExitCodes.Ok, insights.ToString());
        insights.Stdout.ShouldStartWith("3 commit(s) (0 merge(s))");
        var hotspotRow = insights.Stdout.Split('\n').First(line => line.StartsWith("src/app.cs", StringComparison.Ordinal));
        hotspotRow.ShouldContain("Test Author 100%");
        insights.Stdout.ShouldContain("Bus factor per folder");
        using var document = JsonDocument.Parse(contributors.Stdout);
        var person = document.RootElement.EnumerateArray().ShouldHaveSingleItem();
        person.GetProperty("email").GetString().ShouldBe("author@example.com");
        person.GetProperty("commits").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Review_SecretAdded_ExitsOneWithTheFinding_CleanChangeExitsZero()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("README.md", "hello\n", "docs: readme");
        repository.Git("checkout", "-q", "-b", "topic");
        repository.CommitFile("docs/guide.md", "A guide.\n", "docs: guide");
        var clean = await repository.RunAsync("git", "review");
        repository.CommitFile("config.txt", "token = \"ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\"\n", "chore: config");

        var review = await repository.RunAsync("git", "review", "--base", "main");
        var unknown = await repository.RunAsync("git", "review", "--base", "nope");

        clean.ExitCode.ShouldBe(ExitCodes.Ok, clean.ToString());
        clean.Stdout.ShouldContain("0 error(s)");
        review.ExitCode.ShouldBe(ExitCodes.Failure, review.ToString());
        review.Stdout.ShouldContain("error     secret");
        review.Stdout.ShouldContain("config.txt:1");
        review.Stdout.ShouldNotContain("aB3dE5fG7hJ9");
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
    }
}
