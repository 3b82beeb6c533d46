using Lightning.TestUtilities;
using System.Net;
using System.Net.Http.Headers;
using Lightning.Git.Releases;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;

namespace Lightning.Server.Tests.Endpoints;

public sealed class GitReleaseEndpointsTests : IAsyncLifetime
{
    const string Base = "/api/v2/git/repositories/demo";
    GitApi _api = null!;
    GitTestRepository _repo = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await GitApi.StartAsync();
        _repo = await _api.RepositoryAsync();
        _repo.Git("tag", "-a", "v1.0.0", "-m", "v1.0.0");
        _repo.CommitFile("src/search.cs", "search", "feat(search): add search");
        _repo.CommitFile("src/search.cs", "search!", "fix(search): handle empty queries");
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task NextVersion_FeatSinceLastTag_IsMinor()
    {
        var plan = await (await _api.Viewer.GetAsync($"{Base}/next-version", Token)).ReadAsync<ReleasePlan>();

        plan.CurrentVersion.ShouldBe("1.0.0");
        plan.NextVersion.ShouldBe("1.1.0");
        plan.Bump.ShouldBe(VersionBump.Minor);
        plan.ChangelogSection.ShouldContain("add search");

        var pre = await (await _api.Viewer.GetAsync($"{Base}/next-version?pre=rc", Token)).ReadAsync<ReleasePlan>();
        pre.NextVersion.ShouldBe("1.1.0-rc.1");
    }

    [Fact]
    public async Task Changelog_JsonByDefaultMarkdownOnRequest()
    {
        var json = await (await _api.Viewer.GetAsync($"{Base}/changelog?format=KEEPACHANGELOG&unreleased=true", Token)).ReadAsync<ChangelogView>();
        json.Format.ShouldBe(ChangelogFormat.KeepAChangelog);
        json.Text.ShouldContain("### Added");
        json.Text.ShouldContain("add search");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/changelog");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
        var markdown = await _api.Viewer.SendAsync(request, Token);
        markdown.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        var text = await markdown.Content.ReadAsStringAsync(Token);
        text.ShouldContain("## [1.0.0]");
        text.ShouldContain("### 🚀 Features");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("template")]
    [InlineData("2")]
    public async Task Changelog_FormatNotOffered_Is400NamingTheChoices(string format)
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/changelog?format={format}", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("format")[0].GetString()!.ShouldContain("keepAChangelog");
    }

    [Fact]
    public async Task Release_TagsAndCommitsTheChangelog()
    {
        var response = await _api.Operator.PostJsonAsync($"{Base}/release", new CutReleaseRequest());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var result = await response.ReadAsync<ReleaseResult>();
        result.Tag.ShouldBe("v1.1.0");
        result.ChangelogCommitted.ShouldBeTrue();
        _repo.Git("describe", "--exact-match", "HEAD").Trim().ShouldBe("v1.1.0");
        _repo.Read("CHANGELOG.md").ShouldContain("add search");
    }

    [Fact]
    public async Task Release_DirtyWorktree_Is409AndLeavesTheRepositoryAsItWas()
    {
        _repo.Write("src/search.cs", "uncommitted");
        var before = _repo.State();

        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/release", new CutReleaseRequest())).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("git.dirty_worktree");
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Changelog_JsonPreferredOverMarkdown_IsJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/changelog");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown", 0.5));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await _api.Viewer.SendAsync(request, Token);

        (await response.ReadAsync<ChangelogView>()).Format.ShouldBe(ChangelogFormat.Default);
    }

    [Fact]
    public async Task NextVersion_UnknownPackage_Is404()
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/next-version?package=nope", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.unknown_package");
    }
}
