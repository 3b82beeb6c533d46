using Lightning.TestUtilities;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLightningGitRepositories_BoundOptions_CommitAsConfiguredAuthor()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:Git:AuthorName"] = "Configured Agent",
            ["Lightning:Git:AuthorEmail"] = "agent@example.com",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddLightningGitRepositories()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n");
        var service = provider.GetRequiredService<GitRepositoryService>();
        var ct = TestContext.Current.CancellationToken;

        await service.StageAsync(repository.Path, null, ct);
        var commit = await service.CommitAsync(repository.Path, "feat: a", false, false, ct);

        (commit.AuthorName, commit.AuthorEmail).ShouldBe(("Configured Agent", "agent@example.com"));
        provider.GetRequiredService<GitCliReader>().ShouldNotBeNull();
        provider.GetRequiredService<IOptions<GitOptions>>().Value.AuthorName.ShouldBe("Configured Agent");
    }

    [Fact]
    public void AddLightningGitRepositories_InvalidEmail_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:Git:AuthorEmail"] = "not an email",
        }).Build();
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddLightningGitRepositories()
            .BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitOptions>>().Value);
    }
}
