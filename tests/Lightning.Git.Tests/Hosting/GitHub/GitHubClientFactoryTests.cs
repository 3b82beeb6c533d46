using Lightning.Git.Hosting.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed class GitHubClientFactoryTests
{
    [Fact]
    public void Create_AfterAddGitHub_ClientForEnterpriseHostWithBoundOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Lightning:Git:GitHub:MaxRateLimitWaitSeconds"] = "5" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGitHub().BuildServiceProvider();

        using var client = provider.GetRequiredService<GitHubClientFactory>().Create(new Uri("https://ghe.example.com/"), "token");

        client.ApiBase.ShouldBe(new Uri("https://ghe.example.com/api/v3/"));
        client.Provider.ShouldBe("github");
        provider.GetRequiredService<IOptions<GitHubOptions>>().Value.MaxRateLimitWaitSeconds.ShouldBe(5);
    }

    [Fact]
    public void AddGitHub_OutOfRangeOption_FailsValidation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Lightning:Git:GitHub:MaxRateLimitRetries"] = "-1" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGitHub().BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitHubOptions>>().Value);
    }
}
