using Lightning.TestUtilities;
using Lightning.Git.Insights;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Insights;

public sealed class InsightsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGitInsights_ResolvesWorkingServices()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "one", author: "Alice");
        using var services = new ServiceCollection().AddLogging().AddGitInsights().BuildServiceProvider();

        var analysis = await services.GetRequiredService<HistoryAnalyzer>().AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);
        var contributions = await services.GetRequiredService<ContributionTracker>().TrackAsync(repository.Path, null, TestContext.Current.CancellationToken);

        analysis.Commits.ShouldBe(1);
        contributions.ShouldHaveSingleItem().Name.ShouldBe("Alice");
    }
}
