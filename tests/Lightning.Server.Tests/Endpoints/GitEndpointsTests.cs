using Lightning.TestUtilities;
using System.Net;
using Lightning.Git.Registry;
using Lightning.Git.Repositories;
using Lightning.Server.Tests.Endpoints.Git;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>The repositories registry (<c>/api/v2/git/repositories</c>) as the per-repository routes rely on it.</summary>
public sealed class GitEndpointsTests : IAsyncLifetime
{
    GitApi _api = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await GitApi.StartAsync();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Register_PathAsAdmin_IsListedAndServesItsLog()
    {
        var repo = await _api.RepositoryAsync("by-path");

        var listed = await (await _api.Viewer.GetAsync("/api/v2/git/repositories", Token)).ReadAsync<List<RepositoryView>>();
        var view = listed.ShouldHaveSingleItem();
        view.Name.ShouldBe("by-path");
        view.Managed.ShouldBeFalse();
        var log = await (await _api.Viewer.GetAsync("/api/v2/git/repositories/by-path/log", Token)).ReadAsync<List<GitCommit>>();
        log.ShouldHaveSingleItem().Sha.ShouldBe(repo.Head);
    }

    [Fact]
    public async Task Register_PathAsOperator_IsRefusedAndRegistersNothing()
    {
        var repo = _api.Track(GitTestRepository.Create());

        var problem = await (await _api.Operator.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration("mine", Path: repo.Path)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("git.path_needs_admin");
        (await (await _api.Viewer.GetAsync("/api/v2/git/repositories", Token)).ReadAsync<List<RepositoryView>>()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Register_LocalCloneUrlAsOperator_IsRefused()
    {
        var remote = _api.Track(GitTestRepository.Create(bare: true));

        var problem = await (await _api.Operator.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration("copy", CloneUrl: remote.Path)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("cloneUrl").GetArrayLength().ShouldBe(1);
        Directory.Exists(Path.Combine(_api.DataDirectory, "git", "repos", "copy")).ShouldBeFalse();
    }

    [Fact]
    public async Task Register_CloneLocalBareAsAdminThenDelete_ClonesAndRemovesTheClone()
    {
        var source = _api.Track(GitTestRepository.Create());
        var head = source.CommitFile("a.txt", "a", "feat: a");
        var remote = _api.Track(GitTestRepository.Create(bare: true));
        source.Git("push", "-q", remote.Path, "main");

        var response = await _api.Admin.PostJsonAsync("/api/v2/git/repositories", new RepositoryRegistration("copy", CloneUrl: remote.Path));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var view = await response.ReadAsync<RepositoryView>();
        view.Managed.ShouldBeTrue();
        view.Path.ShouldStartWith(_api.DataDirectory);

        var status = await (await _api.Viewer.GetAsync("/api/v2/git/repositories/copy/status", Token)).ReadAsync<GitStatus>();
        status.HeadSha.ShouldBe(head);
        status.Upstream.ShouldBe("origin/main");

        (await _api.Operator.DeleteAsync("/api/v2/git/repositories/copy", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Directory.Exists(view.Path).ShouldBeFalse();
        (await (await _api.Viewer.GetAsync("/api/v2/git/repositories/copy/status", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("git.repository_not_found");
    }

    [Fact]
    public async Task Delete_RegisteredPath_LeavesTheDirectoryAlone()
    {
        var repo = await _api.RepositoryAsync("kept");

        (await _api.Admin.DeleteAsync("/api/v2/git/repositories/kept", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Directory.Exists(Path.Combine(repo.Path, ".git")).ShouldBeTrue();
        await (await _api.Viewer.GetAsync("/api/v2/git/repositories/kept", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_AsViewer_Is403AndKeepsTheRegistration()
    {
        await _api.RepositoryAsync("kept");

        (await _api.Viewer.DeleteAsync("/api/v2/git/repositories/kept", Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await _api.Viewer.GetAsync("/api/v2/git/repositories/kept", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
