using System.Net;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>The server in memory with an admin, an operator and a viewer client, and the test's repositories registered by path.</summary>
internal sealed class GitApi : IAsyncDisposable
{
    readonly LightningAppFactory _app = new();
    readonly List<GitTestRepository> _repositories = [];

    GitApi()
    {
    }

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient Viewer { get; private set; } = null!;

    public string DataDirectory => _app.DataDirectory;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<GitApi> StartAsync()
    {
        var api = new GitApi();
        api.Admin = await api._app.CreateClientAsync(ApiKeyRole.Admin, Token);
        api.Operator = await api._app.CreateClientAsync(ApiKeyRole.Operator, Token);
        api.Viewer = await api._app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        return api;
    }

    /// <summary>A new repository with one commit on main, registered as <paramref name="name"/>.</summary>
    public async Task<GitTestRepository> RepositoryAsync(string name = "demo")
    {
        var repository = Track(GitTestRepository.Create());
        repository.CommitFile("README.md", "# demo\n", "chore: start");
        await RegisterAsync(name, repository.Path);
        return repository;
    }

    public GitTestRepository Track(GitTestRepository repository)
    {
        _repositories.Add(repository);
        return repository;
    }

    public async Task RegisterAsync(string name, string path)
    {
        var response = await Admin.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration(name, Path: path));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var repository in _repositories)
        {
            repository.Dispose();
        }
    }
}
