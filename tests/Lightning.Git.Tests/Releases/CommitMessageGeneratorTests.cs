using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Releases;

public sealed class CommitMessageGeneratorTests
{
    const string Parser = "package parser\n\nfunc Parse(s string) int {\n\tn := 0\n\tfor _, c := range s {\n\t\tn += int(c)\n\t}\n\treturn n\n}\n";

    static CommitMessageGenerator Generator(IChatClient? chat = null, ReleaseOptions? options = null)
    {
        var git = new GitCli();
        return new CommitMessageGenerator(git, new ReleaseHistoryReader(git), chat, options is null ? null : Options.Create(options));
    }

    static async Task<GeneratedCommitMessage> GenerateAsync(GitTestRepository repository, IChatClient? chat = null, ReleaseOptions? options = null)
    {
        var before = ReleaseTestKit.Snapshot(repository);
        var message = await Generator(chat, options).GenerateAsync(repository.Path, TestContext.Current.CancellationToken);
        ReleaseTestKit.Snapshot(repository).ShouldBe(before, "generating a message must not touch the repository");
        ConventionalCommitParser.Parse(message.Message).IsConventional.ShouldBeTrue(message.Message);
        return message;
    }

    static GitTestRepository Base()
    {
        var repository = GitTestRepository.Create();
        repository.Write("README.md", "# Demo\n")
            .Write("src/Lightning.Git/Releases/Changelog.cs", "namespace X;\n\npublic sealed class Changelog\n{\n}\n")
            .Write("src/parser/parse.go", Parser)
            .Write("src/other/thing.cs", "class Thing { }\n")
            .Write(".github/workflows/build.yml", "on: push\n")
            .Write("package.json", "{}\n")
            .Commit("chore: start");
        return repository;
    }

    static GitTestRepository Stage(GitTestRepository repository)
    {
        repository.Git("add", "-A");
        return repository;
    }

    [Fact]
    public async Task GenerateAsync_OnlyMarkdown_Docs()
    {
        using var repository = Base();
        Stage(repository.Write("README.md", "# Demo\n\nMore.\n"));

        var message = await GenerateAsync(repository);

        message.Message.ShouldBe("docs: update readme");
        message.Body.ShouldBeNull();
    }

    [Fact]
    public async Task GenerateAsync_OnlyNewTests_TestWithModuleScope()
    {
        using var repository = Base();
        Stage(repository.Write("tests/Lightning.Git.Tests/Releases/ChangelogTests.cs", "class ChangelogTests { }\n"));

        var message = await GenerateAsync(repository);

        message.Subject.ShouldBe("test(git): add tests for changelog");
    }

    [Fact]
    public async Task GenerateAsync_WorkflowFile_Ci()
    {
        using var repository = Base();
        Stage(repository.Write(".github/workflows/build.yml", "on: [push, pull_request]\n"));

        (await GenerateAsync(repository)).Subject.ShouldBe("ci: update build workflow");
    }

    [Fact]
    public async Task GenerateAsync_PackageManifests_Build()
    {
        using var repository = Base();
        Stage(repository.Write("package.json", "{ \"name\": \"x\" }\n").Write("Directory.Packages.props", "<Project />\n"));

        (await GenerateAsync(repository)).Subject.ShouldBe("build: update package.json and Directory.Packages.props");
    }

    [Fact]
    public async Task GenerateAsync_NewSourceFileWithTests_FeatNamedAfterFile()
    {
        using var repository = Base();
        Stage(repository
            .Write("src/Lightning.Git/Releases/ChangelogGenerator.cs", string.Concat(Enumerable.Repeat("// line\n", 40)))
            .Write("tests/Lightning.Git.Tests/Releases/ChangelogGeneratorTests.cs", "class T { }\n"));

        var message = await GenerateAsync(repository);

        message.Subject.ShouldBe("feat(git): add changelog generator");
        message.Changes.Select(c => (c.Status, c.Path)).ShouldBe(
            [('A', "src/Lightning.Git/Releases/ChangelogGenerator.cs"), ('A', "tests/Lightning.Git.Tests/Releases/ChangelogGeneratorTests.cs")], ignoreOrder: true);
    }

    [Fact]
    public async Task GenerateAsync_SmallConditionalEdit_FixNamingTheFunction()
    {
        using var repository = Base();
        Stage(repository.Write("src/parser/parse.go", Parser.Replace("\t\tn += int(c)\n", "\t\tif c != ' ' {\n\t\t\tn += int(c)\n\t\t}\n", StringComparison.Ordinal)));

        var message = await GenerateAsync(repository);

        message.Subject.ShouldBe("fix(parser): fix Parse in parse");
        message.Changes.Single().ShouldBe(new StagedChange('M', "src/parser/parse.go", null, 3, 1, false));
    }

    [Fact]
    public async Task GenerateAsync_LargerEditWithoutConditions_Refactor()
    {
        using var repository = Base();
        Stage(repository.Write("src/Lightning.Git/Releases/Changelog.cs",
            "namespace X;\n\npublic sealed class Changelog\n{\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"    public int P{i} {{ get; }}\n")) + "}\n"));

        (await GenerateAsync(repository)).Subject.ShouldBe("refactor(git): refactor changelog");
    }

    [Fact]
    public async Task GenerateAsync_DeletedSource_RefactorRemove()
    {
        using var repository = Base();
        Stage(repository.Delete("src/other/thing.cs"));

        (await GenerateAsync(repository)).Subject.ShouldBe("refactor(other): remove thing");
    }

    [Fact]
    public async Task GenerateAsync_RenamedSource_RefactorRename()
    {
        using var repository = Base();
        repository.Git("mv", "src/other/thing.cs", "src/other/better_thing.cs");

        var message = await GenerateAsync(repository);

        message.Subject.ShouldBe("refactor(other): rename thing to better thing");
        message.Changes.Single().OldPath.ShouldBe("src/other/thing.cs");
    }

    [Fact]
    public async Task GenerateAsync_ChangesSpanModules_NoScope()
    {
        using var repository = Base();
        Stage(repository.Write("src/other/extra.cs", "class Extra { }\n").Write("src/parser/more.go", "package parser\n"));

        (await GenerateAsync(repository)).Subject.ShouldBe("feat: add extra and more");
    }

    [Fact]
    public async Task GenerateAsync_ConfiguredPackage_IsTheScope()
    {
        using var repository = Base();
        Stage(repository.Write("services/api/handlers/create_user.py", "def create():\n    pass\n"));
        var options = new ReleaseOptions { Packages = [new ReleasePackage("users-api", "services/api")] };

        (await GenerateAsync(repository, options: options)).Subject.ShouldBe("feat(users-api): add create user");
    }

    [Fact]
    public async Task GenerateAsync_ManyFiles_SubjectStaysShort()
    {
        using var repository = Base();
        for (var i = 0; i < 5; i++)
        {
            repository.Write($"src/Lightning.Git/Releases/AVeryLongDescriptiveTypeNameForTheGenerator{i}.cs", $"class A{i} {{ }}\n");
        }

        var message = await GenerateAsync(Stage(repository));

        message.Subject.Length.ShouldBeLessThanOrEqualTo(72);
        message.Subject.ShouldStartWith("feat(git): add a very long descriptive type name for the generator");
    }

    [Fact]
    public async Task GenerateAsync_WithModel_ModelWritesOnlyTheBody()
    {
        using var repository = Base();
        Stage(repository.Write("README.md", "# Demo\n\nUsage.\n"));
        var chat = new ScriptedChatClient("```\ndocs: something else entirely\n\nExplain how to use the demo, so that new\nreaders can start without asking.\n```");

        var message = await GenerateAsync(repository, chat);

        message.Subject.ShouldBe("docs: update readme");
        message.Body.ShouldBe("Explain how to use the demo, so that new\nreaders can start without asking.");
        message.Message.ShouldBe("docs: update readme\n\nExplain how to use the demo, so that new\nreaders can start without asking.");
        var asked = chat.Requests.Single();
        asked[^1].Text.ShouldContain("Subject: docs: update readme");
        asked[^1].Text.ShouldContain("+Usage.");
    }

    [Fact]
    public async Task GenerateAsync_ModelFails_MessageWithoutBody()
    {
        using var repository = Base();
        Stage(repository.Write("README.md", "# Demo\n\nUsage.\n"));

        // No scripted reply: the client throws, as a model that is down would.
        var message = await GenerateAsync(repository, new ScriptedChatClient());

        message.Message.ShouldBe("docs: update readme");
    }

    [Fact]
    public async Task GenerateAsync_NothingStaged_ThrowsAndLeavesRepositoryAlone()
    {
        using var repository = Base();
        repository.Write("README.md", "unstaged change\n");
        var before = ReleaseTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => Generator().GenerateAsync(repository.Path, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.nothing_staged");
        error.Kind.ShouldBe(ErrorKind.Invalid);
        ReleaseTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task GenerateAsync_FirstCommitOfEmptyRepository_Works()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("docs/guide.md", "# Guide\n");
        repository.Git("add", "-A");

        var message = await Generator().GenerateAsync(repository.Path, TestContext.Current.CancellationToken);

        message.Subject.ShouldBe("docs: add guide");
    }

    [Theory]
    [InlineData("Plain body.", "Plain body.")]
    [InlineData("  \n\nfix: x\n\nBody after a header.\n", "Body after a header.")]
    [InlineData("```text\nfenced\n```", "fenced")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void CleanBody_ModelReplies_KeepsOnlyTheBody(string? reply, string? expected)
    {
        CommitMessageGenerator.CleanBody(reply, "fix: x").ShouldBe(expected);
    }
}
