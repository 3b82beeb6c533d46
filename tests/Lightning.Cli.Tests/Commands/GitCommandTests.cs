using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

public sealed class GitCommandTests
{
    [Fact]
    public async Task Status_NotARepository_OneLineAndExit6()
    {
        using var repository = new GitTestRepository();

        var run = await CliRun.ExecuteAsync(["git", "status", "--path", repository.Outside], new Dictionary<string, string?>(), TestContext.Current.CancellationToken);
        var missing = await CliRun.ExecuteAsync(["git", "status", "--path", Path.Combine(repository.Outside, "nope")], new Dictionary<string, string?>(), TestContext.Current.CancellationToken);

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.Stdout.ShouldBeEmpty();
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: Not a git repository");
        missing.ExitCode.ShouldBe(ExitCodes.InvalidRequest, missing.ToString());
        missing.ErrorLines.ShouldHaveSingleItem().ShouldContain("does not exist");
    }

    [Fact]
    public async Task Status_SubfolderWithChanges_ListsThemFromTheTopLevel()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("src/app.cs", "one\n", "feat: start");
        repository.Write("src/app.cs", "two\n").Write("notes.txt", "new\n");
        repository.Git("add", "src/app.cs");

        var run = await CliRun.ExecuteAsync(["git", "status", "--path", Path.Combine(repository.Path, "src")], new Dictionary<string, string?>(), TestContext.Current.CancellationToken);
        var json = await repository.RunAsync("git", "status", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("On branch main");
        lines[1].ShouldStartWith("STAGED");
        lines.ShouldContain(line => line.StartsWith("modified", StringComparison.Ordinal) && line.EndsWith("src/app.cs", StringComparison.Ordinal));
        lines.ShouldContain(line => line.Contains("untracked", StringComparison.Ordinal) && line.EndsWith("notes.txt", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("branch").GetString().ShouldBe("main");
        document.RootElement.GetProperty("entries").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Log_FiltersAndUnknownRef_ListsOrExits5()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "a\n", "feat: add a");
        repository.CommitFile("b.txt", "b\n", "fix: add b");
        repository.CommitFile("a.txt", "aa\n", "docs: change a");

        var log = await repository.RunAsync("git", "log", "--file", "a.txt", "--limit", "5");
        var json = await repository.RunAsync("git", "log", "--json", "--limit", "1");
        var unknown = await repository.RunAsync("git", "log", "no-such-branch");
        var badSince = await repository.RunAsync("git", "log", "--since", "yesterday-ish");

        log.ExitCode.ShouldBe(ExitCodes.Ok, log.ToString());
        var rows = log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldStartWith("COMMIT");
        rows.Skip(1).Select(row => row[(row.LastIndexOf("  ", StringComparison.Ordinal) + 2)..]).ShouldBe(["docs: change a", "feat: add a"]);
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetArrayLength().ShouldBe(1);
        document.RootElement[0].GetProperty("subject").GetString().ShouldBe("docs: change a");
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: ");
        badSince.ExitCode.ShouldBe(ExitCodes.Usage, badSince.ToString());
        badSince.ErrorLines.ShouldHaveSingleItem().ShouldContain("--since 'yesterday-ish' is not a date");
    }

    [Fact]
    public async Task Commit_GenerateDryRunThenGenerate_PrintsThenCommitsAsTheUser()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("README.md", "hello\n", "docs: readme");
        repository.Write("README.md", "hello\nworld\n");
        repository.Git("add", "README.md");
        var before = repository.Snapshot();

        var dryRun = await repository.RunAsync("git", "commit", "--generate", "--dry-run");
        var afterDryRun = repository.Snapshot();
        var message = await repository.RunAsync("git", "commit-message");
        var commit = await repository.RunAsync("git", "commit", "--generate");

        dryRun.ExitCode.ShouldBe(ExitCodes.Ok, dryRun.ToString());
        dryRun.Stdout.ShouldStartWith("docs: ");
        dryRun.Stdout.ShouldContain("Would commit 1 staged file(s); nothing was committed:");
        afterDryRun.ShouldBe(before);
        message.ExitCode.ShouldBe(ExitCodes.Ok, message.ToString());
        var subject = message.Stdout.TrimEnd('\n');
        dryRun.Stdout.ShouldStartWith(subject + "\n");
        commit.ExitCode.ShouldBe(ExitCodes.Ok, commit.ToString());
        commit.Stdout.ShouldStartWith("[main ");
        commit.Stdout.ShouldContain("] " + subject);
        repository.Git("log", "-1", "--format=%s|%an <%ae>").TrimEnd().ShouldBe(subject + "|Test Author <author@example.com>");
    }

    [Fact]
    public async Task Commit_BadInput_UsageOrConflictAndNothingChanges()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("b.txt", "b\n");
        var before = repository.Snapshot();

        var neither = await repository.RunAsync("git", "commit");
        var both = await repository.RunAsync("git", "commit", "-m", "x", "--generate");
        var dryAll = await repository.RunAsync("git", "commit", "-m", "x", "--all", "--dry-run");
        var nothingStaged = await repository.RunAsync("git", "commit", "-m", "chore: nothing");

        neither.ExitCode.ShouldBe(ExitCodes.Usage, neither.ToString());
        neither.ErrorLines.ShouldHaveSingleItem().ShouldContain("-m MSG or --generate");
        both.ExitCode.ShouldBe(ExitCodes.Usage, both.ToString());
        dryAll.ExitCode.ShouldBe(ExitCodes.Usage, dryAll.ToString());
        nothingStaged.ExitCode.ShouldBe(ExitCodes.InvalidRequest, nothingStaged.ToString());
        nothingStaged.ErrorLines.ShouldHaveSingleItem();
        repository.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task Commit_All_StagesEverythingAndCommits()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("a.txt", "a2\n").Write("b.txt", "b\n");

        var run = await repository.RunAsync("git", "commit", "--all", "-m", "fix: both files");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        repository.Git("status", "--porcelain").ShouldBeEmpty();
        repository.Git("show", "--name-only", "--format=%s", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["fix: both files", "a.txt", "b.txt"]);
    }

    [Fact]
    public async Task Branch_CreateListSwitchRenameDelete_RoundTrips()
    {
        using var repository = new GitTestRepository();
        var first = repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.CommitFile("a.txt", "b\n", "feat: b");

        var create = await repository.RunAsync("git", "branch", "create", "topic", "--from", first);
        var list = await repository.RunAsync("git", "branch");
        var json = await repository.RunAsync("git", "branch", "list", "--json");
        var exists = await repository.RunAsync("git", "branch", "create", "topic");
        var switched = await repository.RunAsync("git", "branch", "switch", "topic");
        var rename = await repository.RunAsync("git", "branch", "rename", "topic", "work");
        var deleteCurrent = await repository.RunAsync("git", "branch", "delete", "work");
        await repository.RunAsync("git", "branch", "switch", "main");
        var delete = await repository.RunAsync("git", "branch", "delete", "work");
        var unknown = await repository.RunAsync("git", "branch", "switch", "nope");

        create.ExitCode.ShouldBe(ExitCodes.Ok, create.ToString());
        create.Stdout.ShouldBe($"Created branch 'topic' at {first[..7]}.\n");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        var rows = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldContain("VS main");
        rows.ShouldContain(row => row.StartsWith("*  main (default)", StringComparison.Ordinal));
        rows.ShouldContain(row => row.Contains("topic", StringComparison.Ordinal) && row.EndsWith("0 ahead, 1 behind", StringComparison.Ordinal));
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            document.RootElement.GetProperty("defaultBranch").GetString().ShouldBe("main");
            document.RootElement.GetProperty("branches").GetArrayLength().ShouldBe(2);
        }

        exists.ExitCode.ShouldBe(ExitCodes.InvalidRequest, exists.ToString());
        switched.Stdout.ShouldBe("Switched to branch 'topic'.\n");
        rename.Stdout.ShouldBe("Renamed branch 'topic' to 'work'.\n");
        deleteCurrent.ExitCode.ShouldBe(ExitCodes.InvalidRequest, deleteCurrent.ToString());
        delete.ExitCode.ShouldBe(ExitCodes.Ok, delete.ToString());
        repository.Git("branch", "--format=%(refname:short)").Trim().ShouldBe("main");
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Merge_DirtyWorktree_Exit6AndNothingChanges()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Git("branch", "topic");
        repository.Git("checkout", "-q", "topic");
        repository.CommitFile("a.txt", "topic\n", "feat: topic");
        repository.Git("checkout", "-q", "main");
        repository.Write("a.txt", "local edit\n");
        var before = repository.Snapshot();

        var run = await repository.RunAsync("git", "merge", "topic");
        var contradictory = await repository.RunAsync("git", "merge", "topic", "--ff-only", "--no-ff");

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        // One "commit or stash" advice, not the module's and the CLI's both.
        var error = run.ErrorLines.ShouldHaveSingleItem();
        error.ShouldContain("commit or stash", Case.Insensitive);
        (error.Split("stash", StringSplitOptions.None).Length - 1).ShouldBe(1, error);
        repository.Snapshot().ShouldBe(before);
        repository.Read("a.txt").ShouldBe("local edit\n");
        contradictory.ExitCode.ShouldBe(ExitCodes.Usage, contradictory.ToString());
    }

    [Fact]
    public async Task Merge_Conflict_ListsFilesExit6ThenResolveAndContinue()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "base\n", "feat: a");
        repository.Git("branch", "topic");
        repository.CommitFile("a.txt", "main side\n", "feat: main side");
        repository.Git("checkout", "-q", "topic");
        repository.CommitFile("a.txt", "topic side\n", "feat: topic side");
        repository.Git("checkout", "-q", "main");

        var merge = await repository.RunAsync("git", "merge", "topic");
        var list = await repository.RunAsync("git", "conflicts");
        var early = await repository.RunAsync("git", "conflicts", "--continue");
        var noSide = await repository.RunAsync("git", "conflicts", "--resolve", "a.txt");
        var resolve = await repository.RunAsync("git", "conflicts", "--resolve", "a.txt", "--theirs");
        var done = await repository.RunAsync("git", "conflicts", "--continue");
        var none = await repository.RunAsync("git", "conflicts");

        merge.ExitCode.ShouldBe(ExitCodes.InvalidRequest, merge.ToString());
        merge.Stdout.ShouldBe("CONFLICT (both-modified): a.txt\n");
        merge.ErrorLines.ShouldHaveSingleItem().ShouldContain("lightning git conflicts");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        list.Stdout.ShouldStartWith("merge in progress, 1 conflicted file(s):\n");
        list.Stdout.ShouldContain("both-modified  a.txt");
        early.ExitCode.ShouldBe(ExitCodes.InvalidRequest, early.ToString());
        noSide.ExitCode.ShouldBe(ExitCodes.Usage, noSide.ToString());
        resolve.ExitCode.ShouldBe(ExitCodes.Ok, resolve.ToString());
        resolve.Stdout.ShouldContain("no conflicts left");
        done.ExitCode.ShouldBe(ExitCodes.Ok, done.ToString());
        done.Stdout.ShouldStartWith("Done: ");
        repository.Read("a.txt").ShouldBe("topic side\n");
        repository.Git("rev-list", "--parents", "-n", "1", "HEAD").Split(' ').Length.ShouldBe(3);
        none.Stdout.ShouldBe("No merge in progress and no conflicts.\n");
    }

    [Fact]
    public async Task Merge_Abort_RestoresTheBranch()
    {
        using var repository = new GitTestRepository();
        repository.CommitFile("a.txt", "base\n", "feat: a");
        repository.Git("branch", "topic");
        var head = repository.CommitFile("a.txt", "main side\n", "feat: main side");
        repository.Git("checkout", "-q", "topic");
        repository.CommitFile("a.txt", "topic side\n", "feat: topic side");
        repository.Git("checkout", "-q", "main");
        var before = repository.Snapshot();

        (await repository.RunAsync("git", "merge", "topic")).ExitCode.ShouldBe(ExitCodes.InvalidRequest);
        var abort = await repository.RunAsync("git", "conflicts", "--abort");

        abort.ExitCode.ShouldBe(ExitCodes.Ok, abort.ToString());
        abort.Stdout.ShouldStartWith("Aborted the merge;");
        repository.Head.ShouldBe(head);
        repository.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task Tag_CreateListDelete_RoundTrips()
    {
        using var repository = new GitTestRepository();
        var head = repository.CommitFile("a.txt", "a\n", "feat: a");

        var light = await repository.RunAsync("git", "tag", "create", "v0.1.0");
        var annotated = await repository.RunAsync("git", "tag", "create", "v0.2.0", "--message", "Second");
        var list = await repository.RunAsync("git", "tag");
        var unknownTarget = await repository.RunAsync("git", "tag", "create", "v9", "--target", "nope");
        var delete = await repository.RunAsync("git", "tag", "delete", "v0.1.0");

        light.Stdout.ShouldBe($"Created lightweight tag 'v0.1.0' at {head[..7]}.\n");
        annotated.Stdout.ShouldBe($"Created annotated tag 'v0.2.0' at {head[..7]}.\n");
        repository.Git("for-each-ref", "--format=%(taggername) %(taggeremail)", "refs/tags/v0.2.0").Trim().ShouldBe("Test Author <author@example.com>");
        list.Stdout.ShouldContain("v0.2.0  " + head[..7] + "  annotated    Second");
        unknownTarget.ExitCode.ShouldBe(ExitCodes.NotFound, unknownTarget.ToString());
        delete.ExitCode.ShouldBe(ExitCodes.Ok, delete.ToString());
        repository.Git("tag").Trim().ShouldBe("v0.2.0");
    }
}
