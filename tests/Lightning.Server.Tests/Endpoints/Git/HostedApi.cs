using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Registry;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>
/// The server in memory with repository <c>demo</c> linked, through a connection named <c>work</c>, to a hosted
/// repository at a GitHub or GitLab "provider": a <see cref="RecordedHttpServer"/> answering the provider's documented
/// responses. A test queues those answers, calls the API with <see cref="SendAsync"/> (or the helpers over it) and
/// checks what the provider was sent with <see cref="Sent"/>. Every answer is kept, and disposing fails the test when an
/// answer carried the connection's token or webhook secret (or a value given to <see cref="NeverShow"/>), or when a
/// request reached the provider without the token in its auth header or with the token in its address.
/// </summary>
internal sealed class HostedApi : IAsyncDisposable
{
    public const string Token = "glpat-hostedT3stTokenValue";
    public const string WebhookSecret = "hook-secret-0123456789";
    public const string Base = "/api/v2/git/repositories/demo";

    readonly GitApi _api;
    readonly List<string> _answers = [];
    readonly List<string> _secrets = [Token, WebhookSecret];

    HostedApi(GitApi api, string provider)
    {
        _api = api;
        Provider = provider;
    }

    /// <summary><c>github</c> or <c>gitlab</c>.</summary>
    public string Provider { get; }

    public RecordedHttpServer Recorded { get; } = new();

    public HttpClient Admin => _api.Admin;

    public HttpClient Operator => _api.Operator;

    public HttpClient Viewer => _api.Viewer;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The API with "demo" linked to <paramref name="hosted"/> (owner/name on GitHub, a project id or path on GitLab).</summary>
    public static async Task<HostedApi> StartAsync(string provider, string hosted)
    {
        var api = new HostedApi(await GitApi.StartAsync(), provider);
        var repository = api._api.Track(GitTestRepository.Create());
        repository.CommitFile("README.md", "# demo\n", "chore: start");
        var connection = await api.Admin.PostJsonAsync("/api/v2/git/connections",
            new HostingConnectionRegistration("work", provider, Token, api.Recorded.BaseAddress.ToString(), WebhookSecret));
        connection.StatusCode.ShouldBe(HttpStatusCode.Created, await connection.Content.ReadAsStringAsync(Cancel));
        var registered = await api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: repository.Path, Connection: "work", HostedRepository: hosted));
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Cancel));
        return api;
    }

    /// <summary>Another value no answer may show (a webhook secret a test sends).</summary>
    public void NeverShow(string secret) => _secrets.Add(secret);

    /// <summary>
    /// Sends <paramref name="body"/> to <see cref="Base"/> + <paramref name="path"/>: as it is when it is
    /// <see cref="HttpContent"/>, as JSON otherwise, none when null. The answer is kept for the check on dispose.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, Base + path);
        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            _ => JsonContent.Create(body, body.GetType(), options: LightningJson.Options),
        };
        var response = await client.SendAsync(request, Cancel);
        _answers.Add(await response.Content.ReadAsStringAsync(Cancel));
        return response;
    }

    /// <summary>The answer of a successful call, read as <typeparamref name="T"/>.</summary>
    public async Task<T> ReadAsync<T>(HttpClient client, HttpMethod method, string path, object? body = null) =>
        await (await SendAsync(client, method, path, body)).ReadAsync<T>();

    /// <summary>The ProblemDetails of a call answered with <paramref name="status"/>.</summary>
    public async Task<JsonElement> ProblemAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode status) =>
        await (await SendAsync(client, method, path, body)).ShouldBeProblemAsync(status);

    /// <summary>A 400 naming exactly <paramref name="fields"/>, and nothing sent to the provider.</summary>
    public async Task ShouldBeInvalidAsync(HttpClient client, HttpMethod method, string path, object? body, params string[] fields)
    {
        var problem = await ProblemAsync(client, method, path, body, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal)
            .ShouldBe(fields.Order(StringComparer.Ordinal));
        Recorded.Requests.ShouldBeEmpty();
    }

    /// <summary>A 400 <c>git.provider_unsupported</c>, and nothing sent to the provider.</summary>
    public async Task ShouldBeUnsupportedAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var problem = await ProblemAsync(client, method, path, body, HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("git.provider_unsupported");
        Recorded.Requests.ShouldBeEmpty();
    }

    /// <summary>The one request the provider got for <paramref name="method"/> and <paramref name="path"/> (query ignored), carrying the token.</summary>
    public RecordedRequest Sent(string method, string path)
    {
        var request = Recorded.Requests.Where(r => r.Method == method && r.PathAndQuery.Split('?')[0] == path).ShouldHaveSingleItem();
        ShouldCarryToken(request);
        return request;
    }

    public static JsonElement Json(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var secret in _secrets)
            {
                _answers.ShouldAllBe(answer => !answer.Contains(secret, StringComparison.Ordinal));
            }

            foreach (var request in Recorded.Requests)
            {
                ShouldCarryToken(request);
            }
        }
        finally
        {
            await _api.DisposeAsync();
            Recorded.Dispose();
        }
    }

    /// <summary>The token goes in the provider's auth header, never in the address (where logs and proxies would keep it).</summary>
    void ShouldCarryToken(RecordedRequest request)
    {
        if (Provider == "github")
        {
            request.Headers.GetValueOrDefault("Authorization").ShouldBe($"Bearer {Token}");
        }
        else
        {
            request.Headers.GetValueOrDefault("PRIVATE-TOKEN").ShouldBe(Token);
        }

        request.PathAndQuery.ShouldNotContain(Token);
    }
}
