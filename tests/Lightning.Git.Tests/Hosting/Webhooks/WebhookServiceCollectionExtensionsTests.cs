using System.Security.Cryptography;
using System.Text;
using Lightning.Core.Secrets;
using Lightning.Core.Storage;
using Lightning.Git.Hosting.Webhooks;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Hosting.Webhooks;

public sealed class WebhookServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGitWebhooks_ReceiverUsesConfiguredSecretsSinksAndAStoreInTheDataDirectory()
    {
        using var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:DataDirectory"] = data.Path,
            ["Lightning:Git:Webhooks:GitHubSecret"] = "configured secret",
        }).Build();
        var sink = new CountingSink();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddSingleton<IGitEventSink>(sink);
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        await using var provider = services.AddGitWebhooks().BuildServiceProvider();
        var body = Encoding.UTF8.GetBytes("""{"zen":"Keep it logically awesome.","hook_id":1}""");
        var headers = new Dictionary<string, string>
        {
            ["X-GitHub-Event"] = "ping",
            ["X-GitHub-Delivery"] = "d-1",
            ["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("configured secret"u8, body)),
        };

        var receipt = await provider.GetRequiredService<WebhookReceiver>().ReceiveAsync("github", headers, body, TestContext.Current.CancellationToken);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted);
        sink.Count.ShouldBe(1);
        File.Exists(Path.Combine(data.Path, "git", "webhook-deliveries.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task AddGitWebhooks_SecretStoredProtected_IsDecryptedBeforeTheCheck()
    {
        using var data = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:DataDirectory"] = data.Path,
            ["Lightning:SecretKey"] = Convert.ToBase64String(key),
            ["Lightning:Git:Webhooks:GitLabSecret"] = new AesGcmSecretProtector(key).Protect("gitlab token"),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        await using var provider = services.AddLightningSecrets().AddGitWebhooks().BuildServiceProvider();
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Event-UUID"] = "u-1", ["X-Gitlab-Token"] = "gitlab token" };

        var receipt = await provider.GetRequiredService<WebhookReceiver>().ReceiveAsync("gitlab", headers, """{"object_kind":"push"}"""u8.ToArray(), TestContext.Current.CancellationToken);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted);
    }

    sealed class CountingSink : IGitEventSink
    {
        public int Count { get; private set; }

        public Task OnEventAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken)
        {
            Count++;
            return Task.CompletedTask;
        }
    }
}
