using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lightning.Git.Hosting.GitHub;
using Lightning.Server.Endpoints;
using Lightning.Server.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.HostedApi;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The hosted release routes against recorded GitHub answers: what GitHub was sent (the release body, the uploaded
/// bytes with their name and content type), the answers, roles, refused input and GitLab's refusal.
/// </summary>
public sealed class GitReleaseHostingEndpointsTests
{
    const string ReleasesPath = "/api/v3/repos/octo/hello/releases";
    const string UploadPath = "/api/uploads/repos/octo/hello/releases/1/assets";

    [Fact]
    public async Task ListAndLatest_GitHub_ReleasesWithTheirAssets()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", ReleasesPath, "github/releases.json")
            .OnFile("GET", $"{ReleasesPath}/latest", "github/release.json");

        var releases = await api.ReadAsync<List<GitHubRelease>>(api.Viewer, HttpMethod.Get, "/releases");
        var latest = await api.ReadAsync<GitHubRelease>(api.Viewer, HttpMethod.Get, "/releases/latest");

        releases.Select(release => (release.TagName, release.Prerelease)).ShouldBe([("v1.1.0-rc.1", true), ("v1.0.0", false)]);
        latest.TagName.ShouldBe("v1.0.0");
        latest.Assets.ShouldHaveSingleItem().ShouldBe(new GitHubReleaseAsset(1, "example.zip", "application/zip", 1024,
            "https://github.com/octo/hello/releases/download/v1.0.0/example.zip"));
        api.Sent("GET", ReleasesPath);
        api.Sent("GET", $"{ReleasesPath}/latest");
    }

    [Fact]
    public async Task Latest_NoneAtGitHub_Is404WithGitHubsCode()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", $"{ReleasesPath}/latest", "github/error-404.json", 404);

        var problem = await api.ProblemAsync(api.Viewer, HttpMethod.Get, "/releases/latest", null, HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("github.not_found");
    }

    [Fact]
    public async Task Create_GitHub_SendsTagTargetTextAndFlags()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("POST", ReleasesPath, "github/release.json", 201);
        var request = new CreateReleaseRequest("v1.0.0", "v1.0.0", "Description of the release", Draft: true, Prerelease: false, Target: "main");

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/releases", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/releases", request);
        var created = await response.ReadAsync<GitHubRelease>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location.ShouldBe(new Uri("https://github.com/octo/hello/releases/v1.0.0"));
        created.Id.ShouldBe(1);
        var body = Json(api.Sent("POST", ReleasesPath));
        body.GetProperty("tag_name").GetString().ShouldBe("v1.0.0");
        body.GetProperty("target_commitish").GetString().ShouldBe("main");
        body.GetProperty("name").GetString().ShouldBe("v1.0.0");
        body.GetProperty("body").GetString().ShouldBe("Description of the release");
        body.GetProperty("draft").GetBoolean().ShouldBeTrue();
        body.GetProperty("prerelease").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Create_BadTagAndTarget_Is400NamingBothAndSendsNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/releases", new CreateReleaseRequest("v 1.0", Target: "two words"), "tag", "target");
    }

    [Fact]
    public async Task UploadAsset_RawBody_GoesToTheUploadUrlWithItsNameAndContentType()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", $"{ReleasesPath}/1", "github/release.json")
            .OnFile("POST", UploadPath, "github/release-asset.json", 201);
        using var content = Bytes("hello notes", "text/plain");

        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/releases/1/assets?name=notes.txt", Bytes("x", "text/plain")))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/releases/1/assets?name=notes.txt", content);
        var asset = await response.ReadAsync<GitHubReleaseAsset>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        asset.ShouldBe(new GitHubReleaseAsset(2, "notes.txt", "text/plain", 11, "https://github.com/octo/hello/releases/download/v1.0.0/notes.txt"));
        var upload = api.Sent("POST", UploadPath);
        upload.PathAndQuery.ShouldContain("name=notes.txt");
        upload.Body.ShouldBe("hello notes");
        upload.Headers["Content-Type"].ShouldStartWith("text/plain");
    }

    [Fact]
    public async Task UploadAsset_BadNameOrEmptyBody_Is400AndUploadsNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/releases/1/assets?name=..%2Fetc%2Fpasswd", Bytes("x"), "name");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/releases/1/assets", new ByteArrayContent([1, 2]), "name");
        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/releases/1/assets?name=a.bin", Bytes(string.Empty), "body");
    }

    [Fact]
    public async Task UploadAsset_LargerThanTheLimit_Is413AndUploadsNothing()
    {
        await using var api = await StartAsync("github", "octo/hello");
        using var content = new DeclaredLengthContent(GitReleaseHostingEndpoints.MaxAssetBytes + 1);

        var problem = await api.ProblemAsync(api.Operator, HttpMethod.Post, "/releases/1/assets?name=big.bin", content, HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("100 MiB");
        api.Recorded.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Releases_GitLab_AreUnsupported()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/releases");
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/releases/latest");
        await api.ShouldBeUnsupportedAsync(api.Operator, HttpMethod.Post, "/releases", new CreateReleaseRequest("v1.0.0"));
        await api.ShouldBeUnsupportedAsync(api.Operator, HttpMethod.Post, "/releases/1/assets?name=a.bin", Bytes("x"));
    }

    static ByteArrayContent Bytes(string text, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>
    /// A body that declares <paramref name="length"/> bytes but writes only a few: the server must refuse it by its
    /// Content-Length alone, without reading (or the test holding) 100 MiB.
    /// </summary>
    sealed class DeclaredLengthContent(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(new byte[16]).AsTask();

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}
