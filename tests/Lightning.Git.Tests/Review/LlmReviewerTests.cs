using Lightning.Git.Repositories;
using Lightning.Git.Review;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;

namespace Lightning.Git.Tests.Review;

/// <summary>The LLM reviewer, driven through <see cref="CodeReviewer"/> with a scripted chat client.</summary>
public sealed class LlmReviewerTests
{
    const string Token = "ghp_R8x2Lq9Vt4Mz7Kc1Pw6Nb3Hy5Jd0Fs8Ga2Ue";

    static CodeReviewOptions RulesOff => new()
    {
        DisabledRules = new HashSet<string> { ReviewRuleIds.MissingTests, ReviewRuleIds.Todo, ReviewRuleIds.Secret },
    };

    static (GitTestRepository Repository, string Base, string Head) Change()
    {
        var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("src/calc.py", "def add(a, b):\n    return a + b\n", "base");
        var head = repository.CommitFile("src/calc.py",
            $"def add(a, b):\n    return a + b\n\ndef div(a, b):\n    return a / b\n\nTOKEN = \"{Token}\"\n", "feat: div");
        return (repository, baseCommit, head);
    }

    [Fact]
    public async Task ReviewAsync_ValidAnswer_BecomesFindingsOnDiffLines()
    {
        var (repository, baseCommit, head) = Change();
        using var _ = repository;
        var chat = new ScriptedChatClient("""
            {"findings":[
              {"path":"src/calc.py","line":5,"severity":"error","message":"Division by zero is not handled."},
              {"path":"src/calc.py","line":4,"message":"Name the function for what it returns."}
            ]}
            """);
        var reviewer = new CodeReviewer(new GitCli(), chat);

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head, RulesOff, TestContext.Current.CancellationToken);

        result.Findings.Select(finding => (finding.RuleId, finding.Line, finding.Severity)).ShouldBe(
            [(ReviewRuleIds.Llm, (int?)4, ReviewSeverity.Warning), (ReviewRuleIds.Llm, (int?)5, ReviewSeverity.Error)]);
        result.Llm.ShouldNotBeNull().Accepted.ShouldBe(2);
        result.Llm.Error.ShouldBeNull();
        result.ToReviewComments()[1].Body.ShouldContain("Division by zero is not handled.");
        var prompt = chat.Requests.ShouldHaveSingleItem();
        prompt[0].Role.ShouldBe(ChatRole.System);
        var diff = prompt[1].Text;
        diff.ShouldContain("=== src/calc.py");
        diff.ShouldContain("+     5 |     return a / b");
        // The model never sees a secret.
        diff.ShouldNotContain(Token);
        diff.ShouldContain("ghp_********");
    }

    [Fact]
    public async Task ReviewAsync_FencedAnswerWithLinesOutsideTheDiff_KeepsOnlyCheckedFindings()
    {
        var (repository, baseCommit, head) = Change();
        using var _ = repository;
        var chat = new ScriptedChatClient("""
            ```json
            [
              {"path":"src/calc.py","line":1,"severity":"info","message":"Unchanged line."},
              {"path":"src/other.py","line":4,"severity":"info","message":"Not in the diff."},
              {"path":"src/calc.py","line":5,"severity":"critical","message":"Unknown severity."},
              {"path":"src/calc.py","line":5,"severity":"warning","message":""},
              "not an object",
              {"path":"src/calc.py","line":7,"severity":"ERROR","message":"A token is committed."}
            ]
            ```
            """);
        var reviewer = new CodeReviewer(new GitCli(), chat);

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head, RulesOff, TestContext.Current.CancellationToken);

        var finding = result.Findings.ShouldHaveSingleItem();
        finding.Line.ShouldBe(7);
        finding.Severity.ShouldBe(ReviewSeverity.Error);
        result.Llm.ShouldNotBeNull().Rejected.Count.ShouldBe(5);
        result.Llm.Rejected[0].ShouldContain("does not add");
        result.Llm.Rejected[1].ShouldContain("not in the diff");
    }

    [Theory]
    [InlineData("I think the code looks fine!")]
    [InlineData("{\"findings\": [ {\"path\": ")]
    [InlineData("{\"comments\": []}")]
    public async Task ReviewAsync_UnusableAnswer_ReportedWithoutLosingRuleFindings(string answer)
    {
        var (repository, baseCommit, head) = Change();
        using var _ = repository;
        var reviewer = new CodeReviewer(new GitCli(), new ScriptedChatClient(answer));

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        result.Llm.ShouldNotBeNull().Error.ShouldNotBeNull();
        result.Llm.Accepted.ShouldBe(0);
        result.Findings.ShouldContain(finding => finding.RuleId == ReviewRuleIds.Secret);
        result.Findings.ShouldNotContain(finding => finding.RuleId == ReviewRuleIds.Llm);
        result.ToSummary().ShouldContain("The LLM reviewer's answer was not used");
    }

    [Fact]
    public async Task ReviewAsync_ModelFails_ReportedNotThrown()
    {
        var (repository, baseCommit, head) = Change();
        using var _ = repository;
        // No scripted reply: the client throws, as an unreachable model would.
        var reviewer = new CodeReviewer(new GitCli(), new ScriptedChatClient());

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head, RulesOff, TestContext.Current.CancellationToken);

        result.Llm.ShouldNotBeNull().Error.ShouldNotBeNull().ShouldContain("could not be asked");
    }

    [Fact]
    public async Task ReviewAsync_DiffLongerThanTheLimit_OnlyShownLinesMayBeCited()
    {
        using var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("a.txt", "start\n", "base");
        var head = repository.CommitFile("a.txt", "start\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"line number {i}\n")), "grow");
        var chat = new ScriptedChatClient("""{"findings":[{"path":"a.txt","line":3,"severity":"info","message":"ok"},{"path":"a.txt","line":150,"severity":"info","message":"not shown"}]}""");
        var reviewer = new CodeReviewer(new GitCli(), chat);

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head, RulesOff with { LlmMaxDiffChars = 1000 }, TestContext.Current.CancellationToken);

        result.Llm.ShouldNotBeNull().DiffTruncated.ShouldBeTrue();
        result.Findings.ShouldHaveSingleItem().Line.ShouldBe(3);
        result.Llm.Rejected.ShouldHaveSingleItem();
        chat.Requests[0][1].Text.ShouldContain("The diff was cut here");
    }

    [Fact]
    public async Task ReviewAsync_LlmRuleDisabled_ModelNotAsked()
    {
        var (repository, baseCommit, head) = Change();
        using var _ = repository;
        var chat = new ScriptedChatClient("""{"findings":[]}""");
        var reviewer = new CodeReviewer(new GitCli(), chat);

        var result = await reviewer.ReviewAsync(repository.Path, baseCommit, head,
            new CodeReviewOptions { DisabledRules = new HashSet<string> { ReviewRuleIds.Llm } }, TestContext.Current.CancellationToken);

        chat.Requests.ShouldBeEmpty();
        result.Llm.ShouldBeNull();
    }
}
