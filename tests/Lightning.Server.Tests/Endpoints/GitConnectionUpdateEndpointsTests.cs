using System.Net;
using System.Net.Http.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// <c>PATCH /api/v2/git/connections/{name}</c>: token rotation in place. The provider is a loopback server answering
/// GitHub's recorded responses, so the token a following pull request call sends can be checked.
/// </summary>
public sealed class GitConnectionUpdateEndpointsTests : IAsyncLifetime
{
    const string OldToken = "ghp_oldEndpointT0ken";
    const string NewToken = "ghp_newEndpointT0ken";
    const string Connections = "/api/v2/git/connections";
    readonly RecordedHttpServer _provider = new();
    readonly List<string> _responses = [];
    GitApi _api = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await GitApi.StartAsync();
        var added = await _api.Admin.PostJsonAsync(Connections,
            new HostingConnectionRegistration("work", "github", OldToken, _provider.BaseAddress.ToString(), "hook-secret"));
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _responses.ShouldAllBe(body => !body.Contains(OldToken, StringComparison.Ordinal) && !body.Contains(NewToken, StringComparison.Ordinal));
        await _api.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task Patch_Token_RepositoryKeepsWorkingWithTheNewToken()
    {
        var repository = await _api.RepositoryAsync("plain");
        var linked = await _api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: repository.Path, Connection: "work", HostedRepository: "octo/hello"));
        linked.StatusCode.ShouldBe(HttpStatusCode.Created);
        _provider.OnFile("POST", "/api/v3/repos/octo/hello/pulls", "github/pull.json", 201);
        await CreatePullRequestAsync();

        var rotated = await ReadAsync<HostingConnectionView>(await PatchAsync(_api.Admin, "work", new HostingConnectionUpdate(Token: NewToken)));
        await CreatePullRequestAsync();

        rotated.UpdatedAt.ShouldNotBeNull();
        rotated.UpdatedBy.ShouldBe("test-admin");
        rotated.HasWebhookSecret.ShouldBeTrue();
        rotated.BaseUrl.ShouldBe(_provider.BaseAddress.ToString().TrimEnd('/'));
        _provider.Requests.Select(r => r.Headers["Authorization"]).ShouldBe([$"Bearer {OldToken}", $"Bearer {NewToken}"]);
        var listed = await ReadAsync<List<HostingConnectionView>>(await _api.Viewer.GetAsync(new Uri(Connections, UriKind.Relative), Token));
        listed.ShouldHaveSingleItem().ShouldBe(rotated);
    }

    [Fact]
    public async Task Patch_OnlyAdmins()
    {
        (await PatchAsync(_api.Operator, "work", new HostingConnectionUpdate(Token: NewToken))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PatchAsync(_api.Viewer, "work", new HostingConnectionUpdate(Token: NewToken))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var view = await ReadAsync<List<HostingConnectionView>>(await _api.Viewer.GetAsync(new Uri(Connections, UriKind.Relative), Token));
        view.ShouldHaveSingleItem().UpdatedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Patch_RemoveWebhookSecretWithEmptyString()
    {
        var view = await ReadAsync<HostingConnectionView>(await PatchAsync(_api.Admin, "work", new HostingConnectionUpdate(WebhookSecret: "")));

        view.HasWebhookSecret.ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"token":"a\nb"}""", "token")]
    [InlineData("""{"webhookSecret":"  "}""", "webhookSecret")]
    [InlineData("""{"baseUrl":"http://github.example.com"}""", "baseUrl")]
    [InlineData("""{}""", "token")]
    public async Task Patch_BadInput_Is400NamingTheFieldAndChangesNothing(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _api.Admin.PatchAsync(new Uri($"{Connections}/work", UriKind.Relative), content, Token);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
        var view = await ReadAsync<List<HostingConnectionView>>(await _api.Viewer.GetAsync(new Uri(Connections, UriKind.Relative), Token));
        view.ShouldHaveSingleItem().UpdatedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Patch_UnknownConnection_Is404()
    {
        var problem = await ProblemAsync(await PatchAsync(_api.Admin, "nope", new HostingConnectionUpdate(Token: NewToken)), HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.connection_not_found");
    }

    [Fact]
    public async Task Patch_OnPostgres_TheMigrationAddsUpdatedAtAndTheNewTokenIsStored()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync(Token);
        await using var app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Database:Provider"] = "Postgres",
            ["Lightning:Database:ConnectionString"] = database.ConnectionString,
        });
        var admin = await app.CreateClientAsync(ApiKeyRole.Admin, Token);
        (await admin.PostJsonAsync(Connections, new HostingConnectionRegistration("work", "gitlab", OldToken))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var updated = await ReadAsync<HostingConnectionView>(await PatchAsync(admin, "work",
            new HostingConnectionUpdate(Token: NewToken, WebhookSecret: "pg-secret", BaseUrl: "https://gitlab.example.com")));

        updated.UpdatedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(updated.CreatedAt);
        updated.BaseUrl.ShouldBe("https://gitlab.example.com");
        updated.HasWebhookSecret.ShouldBeTrue();
        var store = (HostingConnectionStore)app.Services.GetService(typeof(HostingConnectionStore))!;
        (await store.TokenAsync("work", Token)).ShouldBe(NewToken);
    }

    async Task CreatePullRequestAsync()
    {
        var response = await _api.Operator.PostJsonAsync("/api/v2/git/repositories/demo/pull-requests",
            new CreatePullRequestRequest("Amazing new feature", "new-topic", "main"));
        _responses.Add(await response.Content.ReadAsStringAsync(Token));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    static Task<HttpResponseMessage> PatchAsync(HttpClient client, string name, HostingConnectionUpdate update) =>
        client.PatchAsJsonAsync($"{Connections}/{name}", update, LightningJson.Options, Token);

    async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        _responses.Add(await response.Content.ReadAsStringAsync(Token));
        return await response.ReadAsync<T>();
    }

    async Task<System.Text.Json.JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        _responses.Add(await response.Content.ReadAsStringAsync(Token));
        return await response.ShouldBeProblemAsync(status);
    }
}
