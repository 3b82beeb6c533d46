using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.Git.Hosting.Webhooks;
using Lightning.Git.Persistence;
using Lightning.Git.Registry;
using Lightning.Git.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Git.Tests.Registry;

/// <summary>Changing a connection in place (token rotation) and the webhook secrets the receiver reads from connections.</summary>
public sealed class HostingConnectionStoreUpdateTests : IAsyncLifetime
{
    const string OldToken = "ghp_oldT0kenValue0001";
    const string NewToken = "ghp_newT0kenValue0002";
    const string Secret = "hook-s3cret-value";
    static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    readonly FakeTimeProvider _time = new(Created);
    GitModule _module = null!;
    HostingConnectionStore _store = null!;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _module = await GitModule.StartAsync(configure: services => services.AddSingleton<TimeProvider>(_time));
        _store = _module.Get<HostingConnectionStore>();
    }

    public async ValueTask DisposeAsync() => await _module.DisposeAsync();

    [Fact]
    public async Task UpdateAsync_Token_StoresNewCiphertextOnlyAndChangesNothingElse()
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "github", OldToken, "https://ghe.example.com", Secret), "ada", Cancel);
        var before = await RowAsync("work");
        _time.Advance(TimeSpan.FromHours(2));

        var view = await _store.UpdateAsync("work", new HostingConnectionUpdate(Token: " " + NewToken + " "), "grace", Cancel);

        var after = await RowAsync("work");
        after.ProtectedToken.ShouldStartWith("v1:");
        after.ProtectedToken.ShouldNotBe(before.ProtectedToken);
        after.ProtectedToken.ShouldNotContain(NewToken);
        _module.Get<ISecretProtector>().Unprotect(after.ProtectedToken).ShouldBe(NewToken);
        (await _store.TokenAsync("work", Cancel)).ShouldBe(NewToken);
        after.ProtectedWebhookSecret.ShouldBe(before.ProtectedWebhookSecret);
        after.BaseUrl.ShouldBe(before.BaseUrl);
        after.Provider.ShouldBe("github");
        after.CreatedAt.ShouldBe(Created);
        after.CreatedBy.ShouldBe("ada");
        view.ShouldBe(new HostingConnectionView("work", "github", "https://ghe.example.com", true, Created, "ada", Created.AddHours(2), "grace"));
        (await _store.GetAsync("work", Cancel)).ShouldBe(view);
        _module.DatabaseFilesContain(NewToken).ShouldBeFalse();
        _module.DatabaseFilesContain(OldToken).ShouldBeFalse();
    }

    [Fact]
    public async Task UpdateAsync_WebhookSecret_SetReplaceAndRemoveWithEmpty()
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "gitlab", OldToken), "ada", Cancel);

        (await _store.UpdateAsync("work", new HostingConnectionUpdate(WebhookSecret: Secret), "ada", Cancel)).HasWebhookSecret.ShouldBeTrue();
        (await _store.GetSecretAsync("gitlab", "work", Cancel)).ShouldNotBeNull().Secret.ShouldBe(Secret);
        (await RowAsync("work")).ProtectedWebhookSecret.ShouldNotBeNull().ShouldNotContain(Secret);

        (await _store.UpdateAsync("work", new HostingConnectionUpdate(WebhookSecret: "replaced"), "ada", Cancel)).HasWebhookSecret.ShouldBeTrue();
        (await _store.GetSecretAsync("gitlab", "work", Cancel)).ShouldNotBeNull().Secret.ShouldBe("replaced");

        (await _store.UpdateAsync("work", new HostingConnectionUpdate(WebhookSecret: string.Empty), "ada", Cancel)).HasWebhookSecret.ShouldBeFalse();
        (await RowAsync("work")).ProtectedWebhookSecret.ShouldBeNull();
        (await _store.GetSecretAsync("gitlab", "work", Cancel)).ShouldNotBeNull().Secret.ShouldBeNull();
        (await _store.TokenAsync("work", Cancel)).ShouldBe(OldToken);
    }

    [Fact]
    public async Task UpdateAsync_BaseUrl_IsNormalisedAndEmptyGoesBackToThePublicHost()
    {
        await _store.AddAsync(new HostingConnectionRegistration("lab", "gitlab", OldToken), "ada", Cancel);

        (await _store.UpdateAsync("lab", new HostingConnectionUpdate(BaseUrl: " https://gitlab.example.com/ "), "ada", Cancel)).BaseUrl
            .ShouldBe("https://gitlab.example.com");
        (await _store.UpdateAsync("lab", new HostingConnectionUpdate(BaseUrl: string.Empty), "ada", Cancel)).BaseUrl.ShouldBe("https://gitlab.com");
    }

    [Theory]
    [InlineData(" ", null, null, "token")]
    [InlineData("a\nb", null, null, "token")]
    [InlineData(null, "   ", null, "webhookSecret")]
    [InlineData(null, null, "http://gitlab.example.com", "baseUrl")]
    [InlineData(null, null, "https://user:pw@gitlab.example.com", "baseUrl")]
    [InlineData(null, null, null, "token")]
    public async Task UpdateAsync_BadInput_NamesTheFieldAndLeavesTheRowAsItWas(string? token, string? secret, string? baseUrl, string field)
    {
        await _store.AddAsync(new HostingConnectionRegistration("work", "github", OldToken, WebhookSecret: Secret), "ada", Cancel);
        var before = await RowAsync("work");

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            _store.UpdateAsync("work", new HostingConnectionUpdate(token, secret, baseUrl), "mallory", Cancel));

        error.Errors.Keys.ShouldBe([field]);
        var after = await RowAsync("work");
        after.ProtectedToken.ShouldBe(before.ProtectedToken);
        after.ProtectedWebhookSecret.ShouldBe(before.ProtectedWebhookSecret);
        after.BaseUrl.ShouldBe(before.BaseUrl);
        after.UpdatedAt.ShouldBeNull();
        after.UpdatedBy.ShouldBeNull();
    }

    [Fact]
    public async Task UpdateAsync_UnknownConnection_IsNotFound()
    {
        var error = await Should.ThrowAsync<LightningException>(() => _store.UpdateAsync("nope", new HostingConnectionUpdate(Token: NewToken), "ada", Cancel));

        error.Kind.ShouldBe(ErrorKind.NotFound);
        error.Code.ShouldBe("git.connection_not_found");
    }

    [Fact]
    public async Task GetSecretAsync_OnlyForAConnectionOfThatProvider()
    {
        await _store.AddAsync(new HostingConnectionRegistration("hub", "github", OldToken, WebhookSecret: Secret), "ada", Cancel);
        await _store.AddAsync(new HostingConnectionRegistration("bare", "github", OldToken), "ada", Cancel);
        IConnectionWebhookSecretSource source = _module.Get<IConnectionWebhookSecretSource>();

        (await source.GetSecretAsync("github", "hub", Cancel)).ShouldNotBeNull().Secret.ShouldBe(Secret);
        (await source.GetSecretAsync("gitlab", "hub", Cancel)).ShouldBeNull();
        (await source.GetSecretAsync("github", "nope", Cancel)).ShouldBeNull();
        (await source.GetSecretAsync("github", "../hub", Cancel)).ShouldBeNull();
        var bare = (await source.GetSecretAsync("github", "bare", Cancel)).ShouldNotBeNull();
        bare.Secret.ShouldBeNull();
        bare.Connection.ShouldBe("bare");
    }

    [Fact]
    public void ToString_NeverPrintsTheTokenOrSecret()
    {
        new HostingConnectionUpdate(NewToken, Secret, "https://ghe.example.com").ToString().ShouldNotContain(NewToken);
        new HostingConnectionUpdate(NewToken, Secret).ToString().ShouldNotContain(Secret);
        new ConnectionWebhookSecret("work", Secret).ToString().ShouldBe("work (webhook secret set)");
        var registration = new HostingConnectionRegistration("work", "github", NewToken, WebhookSecret: Secret).ToString();
        registration.ShouldNotContain(NewToken);
        registration.ShouldNotContain(Secret);
    }

    async Task<HostingConnectionEntity> RowAsync(string name)
    {
        await using var context = await _module.Get<IDbContextFactory<GitDbContext>>().CreateDbContextAsync(Cancel);
        return await context.Connections.AsNoTracking().SingleAsync(c => c.Name == name, Cancel);
    }
}
