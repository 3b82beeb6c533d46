using System.Security.Cryptography;
using Lightning.Core.Secrets;
using Lightning.Core.Storage;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Core.Tests.Secrets;

public sealed class SecretsServiceCollectionExtensionsTests
{
    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        return services.AddLightningSecrets().BuildServiceProvider();
    }

    [Fact]
    public void AddLightningSecrets_NoConfiguredKey_CreatesTheKeyFileInTheDataDirectoryOnFirstUse()
    {
        using var data = new TempDirectory();
        using var provider = Build(new() { ["Lightning:DataDirectory"] = data.Path });

        var protector = provider.GetRequiredService<ISecretProtector>();
        File.Exists(data.Combine("secret.key")).ShouldBeFalse();
        var value = protector.Protect("ghp_token");

        File.Exists(data.Combine("secret.key")).ShouldBeTrue();
        using var restarted = Build(new() { ["Lightning:DataDirectory"] = data.Path });
        restarted.GetRequiredService<ISecretProtector>().Unprotect(value).ShouldBe("ghp_token");
    }

    [Fact]
    public void AddLightningSecrets_ConfiguredKey_IsUsedInsteadOfAFile()
    {
        using var data = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        using var provider = Build(new() { ["Lightning:DataDirectory"] = data.Path, ["Lightning:SecretKey"] = Convert.ToBase64String(key) });

        var value = provider.GetRequiredService<ISecretProtector>().Protect("ghp_token");

        new AesGcmSecretProtector(key).Unprotect(value).ShouldBe("ghp_token");
        File.Exists(data.Combine("secret.key")).ShouldBeFalse();
    }
}
