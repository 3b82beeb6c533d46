using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Persistence;
using Lightning.Git.Registry;
using Lightning.Git.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Git.Tests.Registry;

public sealed class HostingConnectionStoreTests : IAsyncLifetime
{
    const string Token = "ghp_s3cretT0kenValue";
    const string Secret = "hook-s3cret-value";
    GitModule _module = null!;
    HostingConnectionStore _store = null!;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _module = await GitModule.StartAsync();
        _store = _module.Get<HostingConnectionStore>();
    }

    public async ValueTask DisposeAsync() => await _module.DisposeAsync();

    [Fact]
    public async Task AddAsync_TokenAndSecret_AreStoredOnlyAsCiphertext()
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "github", Token, WebhookSecret: Secret), "tests", Cancel);

        await using var context = await _module.Get<IDbContextFactory<GitDbContext>>().CreateDbContextAsync(Cancel);
        var row = await context.Connections.AsNoTracking().SingleAsync(Cancel);
        row.ProtectedToken.ShouldStartWith("v1:");
        row.ProtectedToken.ShouldNotContain(Token);
        row.ProtectedWebhookSecret.ShouldNotBeNull().ShouldStartWith("v1:");
        row.ProtectedWebhookSecret.ShouldNotContain(Secret);
        var protector = _module.Get<ISecretProtector>();
        protector.Unprotect(row.ProtectedToken).ShouldBe(Token);
        protector.Unprotect(row.ProtectedWebhookSecret).ShouldBe(Secret);
        (await _store.TokenAsync("work", Cancel)).ShouldBe(Token);

        // The database file itself never holds the token in the clear.
        _module.DatabaseFilesContain(Token).ShouldBeFalse();
    }

    [Fact]
    public async Task Views_NeverCarryTheTokenOrSecret()
    {
        var added = await _store.AddAsync(new HostingConnectionRegistration("work", "GitLab", Token, "https://gitlab.example.com/", Secret), "ada", Cancel);
        var listed = await _store.ListAsync(Cancel);
        var got = await _store.GetAsync("work", Cancel);

        var json = JsonSerializer.Serialize(new object[] { added, listed, got });
        json.ShouldNotContain(Token);
        json.ShouldNotContain(Secret);
        got.ShouldBe(new HostingConnectionView("work", "gitlab", "https://gitlab.example.com", true, got.CreatedAt, "ada"));
        listed.ShouldHaveSingleItem().ShouldBe(got);
    }

    [Fact]
    public async Task AddAsync_NoBaseUrl_DefaultsToTheProvidersPublicHost()
    {
        var github = await _store.AddAsync(new HostingConnectionRegistration("gh", "github", Token), "tests", Cancel);
        var gitlab = await _store.AddAsync(new HostingConnectionRegistration("gl", "gitlab", Token), "tests", Cancel);

        github.BaseUrl.ShouldBe("https://api.github.com");
        github.HasWebhookSecret.ShouldBeFalse();
        gitlab.BaseUrl.ShouldBe("https://gitlab.com");
    }

    [Theory]
    [InlineData("Bad Name", "github", null, Token, "name")]
    [InlineData("work", "bitbucket", null, Token, "provider")]
    [InlineData("work", "github", "ftp://example.com", Token, "baseUrl")]
    [InlineData("work", "github", "not a url", Token, "baseUrl")]
    [InlineData("work", "gitlab", "http://gitlab.example.com", Token, "baseUrl")]
    [InlineData("work", "gitlab", "https://user:pw@gitlab.example.com", Token, "baseUrl")]
    [InlineData("work", "github", null, " ", "token")]
    [InlineData("work", "github", null, "a\nb", "token")]
    public async Task AddAsync_BadInput_NamesTheFieldAndStoresNothing(string name, string provider, string? baseUrl, string token, string field)
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            _store.AddAsync(new HostingConnectionRegistration(name, provider, token, baseUrl), "tests", Cancel));

        error.Errors.Keys.ShouldBe([field]);
        (await _store.ListAsync(Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AddAsync_SameNameTwice_IsAConflict()
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "github", Token), "tests", Cancel);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _store.AddAsync(new HostingConnectionRegistration("work", "gitlab", "other"), "tests", Cancel));

        error.Code.ShouldBe("git.connection_exists");
        (await _store.GetAsync("work", Cancel)).Provider.ShouldBe("github");
    }

    [Fact]
    public async Task RemoveAsync_WhileARepositoryUsesIt_IsRefused()
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "github", Token), "tests", Cancel);
        var registry = _module.Get<GitRepositoryRegistry>();
        await registry.AddAsync(new RepositoryEntity
        {
            Name = "app", Path = _module.DataDirectory, Managed = false, Connection = "work", HostedRepository = "octo/app", CreatedBy = "tests",
        }, Cancel);

        var error = await Should.ThrowAsync<LightningException>(() => _store.RemoveAsync("work", Cancel));

        error.Kind.ShouldBe(ErrorKind.Conflict);
        error.Code.ShouldBe("git.connection_in_use");
        error.Message.ShouldContain("app");
        (await _store.ListAsync(Cancel)).ShouldHaveSingleItem();

        await registry.RemoveAsync("app", Cancel);
        await _store.RemoveAsync("work", Cancel);
        (await _store.ListAsync(Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownConnection_IsNotFound()
    {
        var error = await Should.ThrowAsync<LightningException>(() => _store.TokenAsync("nope", Cancel));

        error.Kind.ShouldBe(ErrorKind.NotFound);
        error.Code.ShouldBe("git.connection_not_found");
        (await Should.ThrowAsync<LightningException>(() => _store.RemoveAsync("nope", Cancel))).Code.ShouldBe("git.connection_not_found");
    }

    [Fact]
    public async Task CreateClientAsync_BuildsTheProvidersClientForTheConnectionsHost()
    {
        await _store.AddAsync(new HostingConnectionRegistration("dotcom", "github", Token), "tests", Cancel);
        await _store.AddAsync(new HostingConnectionRegistration("ghe", "github", Token, "https://ghe.example.com"), "tests", Cancel);
        await _store.AddAsync(new HostingConnectionRegistration("lab", "gitlab", Token, "https://gitlab.example.com"), "tests", Cancel);

        using (var dotcom = (GitHubHostingClient)await _store.CreateClientAsync("dotcom", Cancel))
        {
            dotcom.ApiBase.ShouldBe(new Uri("https://api.github.com/"));
        }

        using (var enterprise = (GitHubHostingClient)await _store.CreateClientAsync("ghe", Cancel))
        {
            enterprise.ApiBase.ShouldBe(new Uri("https://ghe.example.com/api/v3/"));
        }

        (await _store.CreateClientAsync("lab", Cancel)).ShouldBeOfType<GitLabClient>().Provider.ShouldBe("gitlab");
    }
}
