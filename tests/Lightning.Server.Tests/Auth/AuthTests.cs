using System.Net;
using System.Net.Http.Headers;
using Lightning.Agents.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Persistence;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Auth;

public sealed class AuthTests : IAsyncLifetime
{
    readonly LightningAppFactory _app = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Request_WithoutKey_Is401Problem()
    {
        var response = await _app.CreateClient().GetAsync("/api/v2/agents", Token);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("API key is required");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("lk_000000000000_wrong")]
    [InlineData("garbage")]
    public async Task Request_WithWrongKey_Is401Problem(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var problem = await (await client.GetAsync("/api/v2/agents", Token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().ShouldBe("The API key is invalid or revoked.");
    }

    [Fact]
    public async Task Request_WithXApiKeyHeader_IsAccepted()
    {
        var key = await _app.CreateKeyAsync(ApiKeyRole.Viewer, Token);
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        (await client.GetAsync("/api/v2/agents", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Viewer_CanReadButNotAct_403Problem()
    {
        var viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        (await viewer.GetAsync("/api/v2/agents", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var problem = await (await viewer.PostJsonAsync("/api/v2/agents", new AgentRegistration("x", "reviewer", null, null, null, null, null, null)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("viewer");
        (await viewer.GetAsync("/api/v2/agents/x", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Operator_CannotManageKeys_403()
    {
        var operatorClient = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);

        await (await operatorClient.GetAsync("/api/v2/keys", Token)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Keys_CreateListRevoke_RevokedKeyIs401()
    {
        var admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);

        var created = await (await admin.PostJsonAsync("/api/v2/keys", new CreateApiKeyRequest("ci-bot", ApiKeyRole.Operator))).ReadAsync<CreatedApiKey>();
        var bot = _app.CreateClient();
        bot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        (await bot.GetAsync("/api/v2/agents", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await (await admin.GetAsync("/api/v2/keys", Token)).ReadAsync<List<ApiKeyView>>();
        listed.ShouldContain(k => k.Id == created.ApiKey.Id && k.Role == ApiKeyRole.Operator && k.LastUsedAt != null);
        (await admin.GetStringAsync("/api/v2/keys", Token)).ShouldNotContain(created.Key);

        (await admin.DeleteAsync($"/api/v2/keys/{created.ApiKey.Id}", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await bot.GetAsync("/api/v2/agents", Token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_StoredHashedOnly()
    {
        var key = await _app.CreateKeyAsync(ApiKeyRole.Viewer, Token);

        await using var context = await _app.Services.GetRequiredService<IDbContextFactory<ServerDbContext>>().CreateDbContextAsync(Token);
        var stored = await context.ApiKeys.AsNoTracking().ToListAsync(Token);
        // The database, its WAL and shared memory: the secret part of the key is in none of them.
        var raw = new List<byte>();
        foreach (var file in Directory.GetFiles(_app.DataDirectory, "lightning.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Token);
            raw.AddRange(copy.ToArray());
        }

        stored.ShouldAllBe(k => k.Hash.Length == 32);
        raw.Count.ShouldBeGreaterThan(0);
        // The secret may itself contain '_': it is everything after the id.
        var secret = key[(key.IndexOf('_', 3) + 1)..];
        secret.Length.ShouldBe(43);
        System.Text.Encoding.ASCII.GetString(raw.ToArray()).ShouldNotContain(secret);
        System.Text.Encoding.ASCII.GetString(raw.ToArray()).ShouldContain(key.Split('_')[1]);
    }

    [Fact]
    public async Task Keys_CreateWithBadInput_IsValidationProblemAndStoresNothing()
    {
        var admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        var before = (await (await admin.GetAsync("/api/v2/keys", Token)).ReadAsync<List<ApiKeyView>>()).Count;

        var problem = await (await admin.PostJsonAsync("/api/v2/keys", new { name = "", role = "root" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var problem2 = await (await admin.PostJsonAsync("/api/v2/keys", new { name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        problem2.GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
        problem2.GetProperty("errors").TryGetProperty("role", out _).ShouldBeTrue();
        (await (await admin.GetAsync("/api/v2/keys", Token)).ReadAsync<List<ApiKeyView>>()).Count.ShouldBe(before);
    }

    [Fact]
    public async Task RateLimit_PerKeyBudgetExceeded_Is429WithRetryAfter()
    {
        await using var app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:RateLimit:PermitsPerSecond"] = "1",
            ["Lightning:RateLimit:Burst"] = "3",
        });
        var limited = await app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var other = await app.CreateClientAsync(ApiKeyRole.Viewer, Token);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await limited.GetAsync("/api/v2/agents", Token)).StatusCode);
        }

        var rejected = await limited.GetAsync("/api/v2/agents", Token);
        await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter.ShouldNotBeNull();
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        (await other.GetAsync("/api/v2/agents", Token)).StatusCode.ShouldBe(HttpStatusCode.OK, "each key has its own budget");
        (await limited.GetAsync("/health/live", Token)).StatusCode.ShouldBe(HttpStatusCode.OK, "health is never rate limited");
    }

    [Fact]
    public async Task AnonymousLoopback_OptIn_ActsAsLocalAdminOnlyWhenEnabled()
    {
        await using var open = await RealServer.StartAsync("--Lightning:Auth:AllowAnonymousLoopback=true");
        await using var closed = await RealServer.StartAsync();

        var status = await open.Client.GetStringAsync("/api/v2/status", Token);
        var refused = await closed.Client.GetAsync("/api/v2/status", Token);

        status.ShouldContain("\"caller\":{\"name\":\"local\",\"role\":\"admin\"}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
