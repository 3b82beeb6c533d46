using Lightning.Git.Releases;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Releases;

public sealed class ReleasesServiceCollectionExtensionsTests
{
    static ServiceProvider Provider(Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Lightning:Git:Releases:TagPrefix"] = "release-",
            ["Lightning:Git:Releases:TypeBumps:docs"] = "Patch",
            ["Lightning:Git:Releases:BreakingBumpsMinorBeforeOne"] = "false",
            ["Lightning:Git:Releases:Packages:0:Name"] = "api",
            ["Lightning:Git:Releases:Packages:0:Path"] = "services/api",
            ["Lightning:Git:Releases:Packages:0:TagStyle"] = "SlashV",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        extra?.Invoke(services);
        return services.AddGitReleases().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddGitReleases_Configuration_BindsOptions()
    {
        using var provider = Provider();

        var options = provider.GetRequiredService<IOptions<ReleaseOptions>>().Value;

        options.TagPrefix.ShouldBe("release-");
        options.TypeBumps["docs"].ShouldBe(VersionBump.Patch);
        options.TypeBumps["feat"].ShouldBe(VersionBump.Minor);
        options.BreakingBumpsMinorBeforeOne.ShouldBeFalse();
        options.Packages.ShouldBe([new ReleasePackage("api", "services/api", PackageTagStyle.SlashV)]);
    }

    [Fact]
    public async Task AddGitReleases_ResolvedPlanner_PlansWithBoundOptions()
    {
        using var provider = Provider();
        using var repository = GitTestRepository.Create();
        repository.CommitFile("services/api/a.py", "1", "feat: start");
        repository.Tag("api/v1.0.0");
        repository.CommitFile("services/api/README.md", "1", "docs: explain");

        var plan = await provider.GetRequiredService<ReleasePlanner>().PlanAsync(repository.Path, new ReleasePlanRequest(Package: "api"), TestContext.Current.CancellationToken);

        plan.NextTag.ShouldBe("api/v1.0.1");
    }

    [Fact]
    public async Task AddGitReleases_RegisteredChatClient_WritesBodies()
    {
        using var provider = Provider(services => services.AddSingleton<IChatClient>(new ScriptedChatClient("Why it changed.")));
        using var repository = GitTestRepository.Create();
        repository.Write("README.md", "# x\n");
        repository.Git("add", "-A");

        var message = await provider.GetRequiredService<CommitMessageGenerator>().GenerateAsync(repository.Path, TestContext.Current.CancellationToken);

        message.Message.ShouldBe("docs: add readme\n\nWhy it changed.");
    }
}
