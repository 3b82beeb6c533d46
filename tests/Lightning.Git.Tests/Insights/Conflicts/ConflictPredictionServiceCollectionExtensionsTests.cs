using Lightning.TestUtilities;
using Lightning.Git.Insights.Conflicts;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Insights.Conflicts;

public sealed class ConflictPredictionServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLightningConflictPrediction_ResolvesAWorkingPredictor()
    {
        using var provider = new ServiceCollection().AddLogging().AddLightningConflictPrediction().BuildServiceProvider();
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature");

        var prediction = await provider.GetRequiredService<ConflictPredictor>()
            .PredictAsync(repository.Path, new ConflictPredictionRequest { ActiveWithin = null }, TestContext.Current.CancellationToken);

        prediction.Pairs.ShouldHaveSingleItem().Status.ShouldBe(BranchPairStatus.Clean);
    }
}
