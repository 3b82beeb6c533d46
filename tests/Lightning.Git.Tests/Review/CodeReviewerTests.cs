using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Git.Review;
using Lightning.Git.Tests.Insights;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Review;

public sealed class CodeReviewerTests
{
    const string GitHubToken = "ghp_R8x2Lq9Vt4Mz7Kc1Pw6Nb3Hy5Jd0Fs8Ga2Ue";
    const string GitLabToken = "glpat-Xy7Kq2Lm9Pz4Rt6Vb1Nc";
    const string AwsKey = "AKIAQ4Z7XK2M9LPD3RTW";
    const string SlackToken = "xoxb-2748193650-Kq7Lm2Pz9Xc4";
    const string Password = "Zx9kLq2vB7wM4tR8";

    readonly CodeReviewer _reviewer = new(new GitCli());

    static GitTestRepository WithBase(out string baseCommit)
    {
        var repository = GitTestRepository.Create();
        repository.Write("README.md", "# project\n").Write("src/App/Service.cs", "class Service\n{\n}\n");
        baseCommit = repository.Commit("chore: base");
        return repository;
    }

    [Fact]
    public async Task ReviewAsync_SecretsAdded_ReportedOnTheirLinesAndMasked()
    {
        using var repository = WithBase(out var baseCommit);
        repository.Write("config/settings.py", string.Join('\n',
            "import os",
            $"GITHUB = \"{GitHubToken}\"",
            $"GITLAB = '{GitLabToken}'",
            $"aws_key_id = \"{AwsKey}\"",
            $"slack = \"{SlackToken}\"",
            $"db_password = \"{Password}\"",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "") + "\n");
        var head = repository.Commit("feat: settings");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head,
            new CodeReviewOptions { DisabledRules = new HashSet<string> { ReviewRuleIds.MissingTests } }, TestContext.Current.CancellationToken);

        var secrets = result.Findings.Where(finding => finding.RuleId == ReviewRuleIds.Secret).ToList();
        secrets.Select(finding => finding.Line).ShouldBe([2, 3, 4, 5, 6, 7]);
        secrets.ShouldAllBe(finding => finding.Severity == ReviewSeverity.Error && finding.Path == "config/settings.py");
        foreach (var secret in (string[])[GitHubToken, GitLabToken, AwsKey, SlackToken, Password])
        {
            result.Findings.ShouldAllBe(finding => !finding.Message.Contains(secret, StringComparison.Ordinal));
            result.ToReviewComments().ShouldAllBe(comment => !comment.Body.Contains(secret, StringComparison.Ordinal));
        }

        secrets[0].Message.ShouldContain("GitHub token added (ghp_********)");
        secrets[4].Message.ShouldContain("db_password");
    }

    [Fact]
    public async Task ReviewAsync_NoSecrets_NothingReported()
    {
        using var repository = WithBase(out var baseCommit);
        repository.CommitFile("config/secret.py", $"password = \"changeme\"\ntoken = \"aaaaaaaabbbb\"\napi_key = os.environ[\"API_KEY\"]\nsecret = \"${{SECRET_VALUE}}\"\n", "feat: config");
        // A secret that is removed is not added: nothing to report.
        repository.Write("config/secret.py", "password = \"changeme\"\n");
        var head = repository.Commit("fix: drop values");
        repository.Git("commit", "-q", "--amend", "--no-edit");
        head = repository.Git("rev-parse", "HEAD").Trim();

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);
        var removed = await _reviewer.ReviewAsync(repository.Path, "HEAD~1", "HEAD", null, TestContext.Current.CancellationToken);

        result.Findings.ShouldNotContain(finding => finding.RuleId == ReviewRuleIds.Secret);
        removed.Findings.ShouldNotContain(finding => finding.RuleId == ReviewRuleIds.Secret);
    }

    [Fact]
    public async Task ReviewAsync_ChangedLines_CountInTheNewFile()
    {
        using var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("notes.txt", string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n")), "base");
        var lines = Enumerable.Range(1, 10).Select(i => $"line {i}").ToList();
        lines.RemoveAt(1);
        lines.Insert(5, "TODO: first");
        lines.Add("FIXME: second");
        lines.Add("TODOS and HACKS are words, not markers");
        var head = repository.CommitFile("notes.txt", string.Join('\n', lines) + "\n", "change");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var todos = result.Findings.Where(finding => finding.RuleId == ReviewRuleIds.Todo).ToList();
        todos.Select(finding => (finding.Line, finding.Severity)).ShouldBe([((int?)6, ReviewSeverity.Info), (11, ReviewSeverity.Info)]);
        todos[0].Message.ShouldContain("TODO: first");
        result.ToReviewComments().Select(comment => comment.Line).ShouldBe([6, 11]);
    }

    [Fact]
    public async Task ReviewAsync_RenamedFileWithoutFinalNewline_FindingsOnTheNewPath()
    {
        using var repository = GitTestRepository.Create();
        var body = string.Concat(Enumerable.Range(1, 30).Select(i => $"stable line {i}\n"));
        var baseCommit = repository.CommitFile("old name.txt", body, "base");
        repository.Git("mv", "old name.txt", "new name.txt");
        repository.Write("new name.txt", body + "// HACK: no newline at the end");
        var head = repository.Commit("rename and change");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var finding = result.Findings.ShouldHaveSingleItem();
        finding.Path.ShouldBe("new name.txt");
        finding.Line.ShouldBe(31);
        result.FilesChanged.ShouldBe(1);
    }

    [Fact]
    public async Task ReviewAsync_TodoRule_DisabledOrRemovedMarkers_NothingReported()
    {
        using var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("a.txt", "keep\n// TODO: old\n", "base");
        var head = repository.CommitFile("a.txt", "keep\n", "remove the todo");
        repository.CommitFile("b.txt", "// TODO: new\n// NOTE: custom\n", "add");

        var removed = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);
        var disabled = await _reviewer.ReviewAsync(repository.Path, head, "HEAD",
            new CodeReviewOptions { DisabledRules = new HashSet<string> { ReviewRuleIds.Todo } }, TestContext.Current.CancellationToken);
        var custom = await _reviewer.ReviewAsync(repository.Path, head, "HEAD", new CodeReviewOptions { TodoMarkers = ["NOTE"] }, TestContext.Current.CancellationToken);

        removed.Findings.ShouldBeEmpty();
        disabled.Findings.ShouldBeEmpty();
        custom.Findings.ShouldHaveSingleItem().Line.ShouldBe(2);
    }

    [Fact]
    public async Task ReviewAsync_LargeFile_ReportedOverTheThresholdOnly()
    {
        using var repository = WithBase(out var baseCommit);
        repository.Write("data/big.csv", string.Concat(Enumerable.Repeat("0123456789\n", 300)));
        repository.Write("data/small.csv", "a,b\n");
        var head = repository.Commit("feat: data");

        var limited = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, new CodeReviewOptions { LargeFileBytes = 2000 }, TestContext.Current.CancellationToken);
        var defaults = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var large = limited.Findings.ShouldHaveSingleItem();
        large.RuleId.ShouldBe(ReviewRuleIds.LargeFile);
        large.Path.ShouldBe("data/big.csv");
        large.Line.ShouldBe(1);
        large.Message.ShouldContain("3.2 KiB");
        defaults.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReviewAsync_BinaryFile_ReportedForTheWholeFileInTheSummary()
    {
        using var repository = WithBase(out var baseCommit);
        File.WriteAllBytes(Path.Combine(repository.Path, "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1, 2, 3, 0]);
        var head = repository.Commit("feat: logo");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var binary = result.Findings.ShouldHaveSingleItem();
        binary.RuleId.ShouldBe(ReviewRuleIds.BinaryFile);
        binary.Line.ShouldBeNull();
        result.ToReviewComments().ShouldBeEmpty();
        result.ToSummary().ShouldContain("`logo.png`");
    }

    [Theory]
    [InlineData("web/dist/app.js", "var a=1;\n")]
    [InlineData("web/app.min.js", "var a=1;\n")]
    [InlineData("src/App/Model.g.cs", "class Model { }\n")]
    [InlineData("api/types.go", "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage api\n")]
    [InlineData("src/App/Resources.cs", "// <auto-generated/>\nclass Resources { }\n")]
    public async Task ReviewAsync_GeneratedFile_Reported(string path, string content)
    {
        using var repository = WithBase(out var baseCommit);
        var head = repository.CommitFile(path, content, "feat: generated");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var generated = result.Findings.ShouldHaveSingleItem();
        generated.RuleId.ShouldBe(ReviewRuleIds.GeneratedFile);
        generated.Path.ShouldBe(path);
    }

    [Theory]
    [InlineData("src/App/Billing.cs", null, true)]
    [InlineData("src/App/Billing.cs", "tests/App.Tests/BillingTests.cs", false)]
    [InlineData("src/App/Billing.cs", "tests/App.Tests/Support/Helpers.cs", false)]
    [InlineData("src/App/Billing.cs", "tests/Other.Tests/OtherTests.cs", true)]
    [InlineData("shop/cart.py", "tests/test_checkout.py", false)]
    [InlineData("src/shop/cart.py", "src/shop/cart_test.py", false)]
    [InlineData("packages/ui/src/button.tsx", "packages/ui/src/button.test.tsx", false)]
    [InlineData("packages/ui/src/button.tsx", "packages/api/test/client.spec.ts", true)]
    [InlineData("pkg/store/store.go", "pkg/store/store_test.go", false)]
    [InlineData("pkg/store/store.go", "pkg/other/other_test.go", true)]
    [InlineData("core/src/main/java/com/acme/Order.java", "core/src/test/java/com/acme/OrderServiceTest.java", false)]
    [InlineData("core/src/main/java/com/acme/Order.java", "web/src/test/java/com/acme/WebTest.java", true)]
    [InlineData("app/models/user.rb", "spec/models/user_spec.rb", false)]
    [InlineData("src/Invoice.php", "tests/InvoiceTest.php", false)]
    [InlineData("src/Invoice.php", "tests/App.Tests/InvoiceTests.cs", true)]
    public async Task ReviewAsync_MissingTests_FollowsEachLanguagesConvention(string source, string? test, bool reported)
    {
        using var repository = WithBase(out var baseCommit);
        repository.Write(source, "code\nmore code\n");
        if (test is not null)
        {
            repository.Write(test, "test\n");
        }

        var head = repository.Commit("feat: change");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        var missing = result.Findings.Where(finding => finding.RuleId == ReviewRuleIds.MissingTests).ToList();
        if (reported)
        {
            var finding = missing.ShouldHaveSingleItem();
            finding.Path.ShouldBe(source);
            finding.Line.ShouldBe(1);
        }
        else
        {
            missing.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task ReviewAsync_DeletedSourceAndDocs_NeedNoTests()
    {
        using var repository = WithBase(out var baseCommit);
        repository.Delete("src/App/Service.cs").Write("docs/guide.md", "# guide\n");
        var head = repository.Commit("docs: guide, drop service");

        var result = await _reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        result.FilesChanged.ShouldBe(2);
        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReviewAsync_BaseMovedOn_ReviewsOnlyTheBranchFromTheMergeBase()
    {
        using var repository = WithBase(out _);
        repository.Branch("feature");
        repository.CommitFile("main.txt", "TODO: on main\n", "main moves on");
        repository.Checkout("feature");
        repository.CommitFile("feature.txt", "TODO: on the branch\n", "feature work");

        var mergeBase = await _reviewer.ReviewAsync(repository.Path, "main", "feature", null, TestContext.Current.CancellationToken);
        var direct = await _reviewer.ReviewAsync(repository.Path, "main", "feature", new CodeReviewOptions { UseMergeBase = false }, TestContext.Current.CancellationToken);

        mergeBase.Findings.ShouldHaveSingleItem().Path.ShouldBe("feature.txt");
        mergeBase.FilesChanged.ShouldBe(1);
        direct.FilesChanged.ShouldBe(2);
    }

    [Theory]
    [InlineData("no-such-branch", "HEAD", "git.unknown_ref")]
    [InlineData("HEAD", "--output=x", "git.invalid_ref")]
    [InlineData("", "HEAD", "git.invalid_ref")]
    public async Task ReviewAsync_BadRefs_ThrowAndLeaveTheRepositoryAsItWas(string baseRef, string headRef, string code)
    {
        using var repository = WithBase(out _);
        repository.Write("README.md", "dirty\n");
        var before = HistoryAnalyzerTests.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _reviewer.ReviewAsync(repository.Path, baseRef, headRef, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe(code);
        HistoryAnalyzerTests.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ReviewAsync_EmptyTodoMarker_ThrowsInvalidOptions()
    {
        using var repository = WithBase(out var baseCommit);

        var error = await Should.ThrowAsync<LightningException>(() => _reviewer.ReviewAsync(repository.Path, baseCommit, "HEAD",
            new CodeReviewOptions { TodoMarkers = ["TODO", " "] }, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("review.invalid_options");
    }

    [Fact]
    public async Task ReviewAsync_NotARepository_Throws()
    {
        using var directory = new TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() => _reviewer.ReviewAsync(directory.Path, "main", "HEAD", null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.not_a_repository");
    }
}
