using Lightning.Git.Review;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Review;

public sealed class ReviewServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGitReview_WithAndWithoutAChatClient_ResolvesAReviewerThatUsesItWhenThere()
    {
        using var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("a.txt", "a\n", "base");
        var head = repository.CommitFile("a.txt", "a\nb\n", "more");
        var chat = new ScriptedChatClient("""{"findings":[{"path":"a.txt","line":2,"severity":"info","message":"Fine."}]}""");
        using var plain = new ServiceCollection().AddLogging().AddGitReview().BuildServiceProvider();
        using var withModel = new ServiceCollection().AddLogging().AddSingleton<IChatClient>(chat).AddGitReview().BuildServiceProvider();

        var rulesOnly = await plain.GetRequiredService<CodeReviewer>().ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);
        var reviewed = await withModel.GetRequiredService<CodeReviewer>().ReviewAsync(repository.Path, baseCommit, head, null, TestContext.Current.CancellationToken);

        rulesOnly.Llm.ShouldBeNull();
        reviewed.Findings.ShouldHaveSingleItem().RuleId.ShouldBe(ReviewRuleIds.Llm);
    }
}
