using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Registry;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>
/// The server with a repository <c>demo</c> linked, through a connection named <c>work</c>, to a hosted repository on a
/// loopback "provider" answering recorded GitHub or GitLab responses. Every answer the API gives through it is kept, and
/// disposing fails the test if any of them carried the connection's token.
/// </summary>
internal sealed class HostedRepositoryApi : IAsyncDisposable
{
    public const string Secret = "tok_hostedRepositoryT3stSecret";
    public const string Base = "/api/v2/git/repositories/demo";

    readonly List<string> _answers = [];

    HostedRepositoryApi(GitApi api) => Api = api;

    public GitApi Api { get; }

    public RecordedHttpServer Provider { get; } = new();

    /// <summary>What the provider received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Sent => [.. Provider.Requests];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<HostedRepositoryApi> StartAsync() => new(await GitApi.StartAsync());

    /// <summary>Adds the connection for <paramref name="provider"/> and registers <c>demo</c> linked to <paramref name="hosted"/>.</summary>
    public async Task LinkAsync(string provider, string hosted)
    {
        var repository = Api.Track(GitTestRepository.Create());
        repository.CommitFile("README.md", "# demo\n", "chore: start");
        var connection = await Api.Admin.PostJsonAsync("/api/v2/git/connections",
            new HostingConnectionRegistration("work", provider, Secret, Provider.BaseAddress.ToString()));
        connection.StatusCode.ShouldBe(HttpStatusCode.Created, await connection.Content.ReadAsStringAsync(Token));
        var registered = await Api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: repository.Path, Connection: "work", HostedRepository: hosted));
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Token));
    }

    /// <summary>Sends <paramref name="body"/> (when not null) as JSON to <see cref="Base"/> + <paramref name="path"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: LightningJson.Options);
        }

        var response = await client.SendAsync(request, Token);
        _answers.Add(await response.Content.ReadAsStringAsync(Token));
        return response;
    }

    public async Task<T> ReadAsync<T>(HttpClient client, HttpMethod method, string path, object? body = null) =>
        await (await SendAsync(client, method, path, body)).ReadAsync<T>();

    public async Task<JsonElement> ProblemAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode status) =>
        await (await SendAsync(client, method, path, body)).ShouldBeProblemAsync(status);

    /// <summary>The one request the provider received for <paramref name="method"/> and a path (query ignored).</summary>
    public RecordedRequest Single(string method, string path) =>
        Provider.Requests.Single(request => request.Method == method && request.PathAndQuery.Split('?')[0] == path);

    public static JsonElement Json(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        try
        {
            _answers.ShouldAllBe(answer => !answer.Contains(Secret, StringComparison.Ordinal));
            Provider.Requests.ShouldAllBe(request => !request.PathAndQuery.Contains(Secret, StringComparison.Ordinal));
        }
        finally
        {
            await Api.DisposeAsync();
            Provider.Dispose();
        }
    }
}
