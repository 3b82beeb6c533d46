using System.Net;
using System.Text.Json;
using Lightning.Git.Registry;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>
/// The server in memory with repository "demo" linked to a GitHub or GitLab connection whose provider is a
/// <see cref="RecordedHttpServer"/>: a test queues the provider's documented answers, calls the API, and checks what
/// the provider was sent. Every answer read through it is kept, and disposing fails when any carried a secret.
/// </summary>
internal sealed class HostedApi : IAsyncDisposable
{
    public const string Token = "glpat-hostedT3stTokenValue";
    public const string Base = "/api/v2/git/repositories/demo";

    readonly List<string> _answers = [];
    readonly List<string> _secrets = [Token];
    GitApi _api = null!;

    HostedApi(string provider)
    {
        Provider = provider;
    }

    /// <summary><c>github</c> or <c>gitlab</c>.</summary>
    public string Provider { get; }

    public RecordedHttpServer Recorded { get; } = new();

    public HttpClient Admin => _api.Admin;

    public HttpClient Operator => _api.Operator;

    public HttpClient Viewer => _api.Viewer;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The API with "demo" linked to <paramref name="hosted"/> (owner/name on GitHub, a project id on GitLab).</summary>
    public static async Task<HostedApi> StartAsync(string provider, string hosted)
    {
        var api = new HostedApi(provider) { _api = await GitApi.StartAsync() };
        var repository = api._api.Track(GitTestRepository.Create());
        repository.CommitFile("README.md", "# demo\n", "chore: start");
        var connection = await api.Admin.PostJsonAsync("/api/v2/git/connections",
            new HostingConnectionRegistration("work", provider, Token, api.Recorded.BaseAddress.ToString(), "hook-secret-0123456789"));
        connection.StatusCode.ShouldBe(HttpStatusCode.Created, await connection.Content.ReadAsStringAsync(Cancel));
        var registered = await api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: repository.Path, Connection: "work", HostedRepository: hosted));
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Cancel));
        return api;
    }

    /// <summary>Another value no answer may show (a webhook secret a test sends).</summary>
    public void NeverShow(string secret) => _secrets.Add(secret);

    public async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        _answers.Add(await response.Content.ReadAsStringAsync(Cancel));
        return await response.ReadAsync<T>();
    }

    public async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        _answers.Add(await response.Content.ReadAsStringAsync(Cancel));
        return await response.ShouldBeProblemAsync(status);
    }

    /// <summary>A 400 naming exactly <paramref name="fields"/>, and nothing sent to the provider.</summary>
    public async Task ShouldBeInvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal)
            .ShouldBe(fields.Order(StringComparer.Ordinal));
        Recorded.Requests.ShouldBeEmpty();
    }

    /// <summary>A 400 <c>git.provider_unsupported</c>, and nothing sent to the provider.</summary>
    public async Task ShouldBeUnsupportedAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("git.provider_unsupported");
        Recorded.Requests.ShouldBeEmpty();
    }

    /// <summary>The one request the provider got for <paramref name="method"/> and <paramref name="path"/> (query ignored), carrying the token.</summary>
    public RecordedRequest Sent(string method, string path)
    {
        var request = Recorded.Requests.Where(r => r.Method == method && r.PathAndQuery.Split('?')[0] == path).ShouldHaveSingleItem();
        if (Provider == "github")
        {
            request.Headers["Authorization"].ShouldBe($"Bearer {Token}");
        }
        else
        {
            request.Headers["PRIVATE-TOKEN"].ShouldBe(Token);
        }

        request.PathAndQuery.ShouldNotContain(Token);
        return request;
    }

    public static JsonElement Json(RecordedRequest request)
    {
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
        }
        finally
        {
            await _api.DisposeAsync();
            Recorded.Dispose();
        }
    }
}
