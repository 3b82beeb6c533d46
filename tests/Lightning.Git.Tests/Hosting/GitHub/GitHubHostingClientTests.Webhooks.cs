using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    const string HookUrl = "https://lightning.example.com/api/v2/git/webhooks/github";

    [Fact]
    public async Task CreateWebhookAsync_JsonWithSecret_SentInBodyOnly()
    {
        const string secret = "whsec-very-secret-value";
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/hooks", "github/hook.json", 201);
        using var client = GitHubTestClient.Create(server);

        var hook = await client.CreateWebhookAsync("octo/hello", new Uri(HookUrl), secret, ["push", "pull_request"], Ct);

        hook.ShouldBe(hook with { Id = 12345678, Url = HookUrl, ContentType = "json", Active = true });
        hook.Events.ShouldBe(["push", "pull_request"]);
        var request = server.Requests.Single();
        var body = Json(request);
        body.GetProperty("name").GetString().ShouldBe("web");
        body.GetProperty("events").EnumerateArray().Select(item => item.GetString()).ShouldBe(["push", "pull_request"]);
        var config = body.GetProperty("config");
        config.GetProperty("url").GetString().ShouldBe(HookUrl);
        config.GetProperty("content_type").GetString().ShouldBe("json");
        config.GetProperty("secret").GetString().ShouldBe(secret);
        config.GetProperty("insecure_ssl").GetString().ShouldBe("0");
        request.PathAndQuery.ShouldNotContain(secret);
        request.Headers.Values.ShouldAllBe(value => !value.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateWebhookAsync_NoSecret_InvalidWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.CreateWebhookAsync("octo/hello", new Uri(HookUrl), "", ["push"], Ct));

        error.Code.ShouldBe("github.invalid_webhook");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListWebhooksAsync_Recorded_ConfigMapped()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/hooks", "github/hooks.json");
        using var client = GitHubTestClient.Create(server);

        var hooks = await client.ListWebhooksAsync("octo/hello", Ct);

        hooks.ShouldBe([
            hooks[0] with { Id = 12345678, Url = HookUrl, ContentType = "json", Active = true },
            hooks[1] with { Id = 12345679, Url = "https://ci.example.com/hook", ContentType = "form", Active = false },
        ]);
        hooks[1].Events.ShouldBe(["release"]);
    }

    [Fact]
    public async Task DeleteWebhookAsync_Recorded_SendsDelete()
    {
        using var server = new RecordedHttpServer().On("DELETE", "/api/v3/repos/octo/hello/hooks/12345678", 204, string.Empty);
        using var client = GitHubTestClient.Create(server);

        await client.DeleteWebhookAsync("octo/hello", 12345678, Ct);

        server.Single("DELETE", "/api/v3/repos/octo/hello/hooks/12345678").ShouldNotBeNull();
    }
}
