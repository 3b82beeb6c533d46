using Lightning.TestUtilities;
using Lightning.Git.Repositories.Merging;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Repositories.Merging;

public sealed class MergingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLightningGitMerging_ResolvesOneWorkingService()
    {
        using var provider = new ServiceCollection().AddLogging().AddLightningGitMerging().AddLightningGitMerging().BuildServiceProvider();
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "b\n");

        var service = provider.GetRequiredService<GitMergeService>();
        var entry = await service.StashSaveAsync(repository.Path, "via DI", false, TestContext.Current.CancellationToken);

        provider.GetRequiredService<GitMergeService>().ShouldBeSameAs(service);
        entry.Message.ShouldBe("On main: via DI");
    }
}
