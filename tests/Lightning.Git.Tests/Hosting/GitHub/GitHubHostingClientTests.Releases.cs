using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    [Fact]
    public async Task CreateReleaseAsync_TagNameBodyFlags_Sent()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/releases", "github/release.json", 201);
        using var client = GitHubTestClient.Create(server);

        var release = await client.CreateReleaseAsync("octo/hello",
            new GitHubNewRelease("v1.0.0") { Name = "v1.0.0", Body = "Description of the release", Draft = true, Prerelease = true, TargetCommitish = "main" }, Ct);

        release.Id.ShouldBe(1);
        release.Assets.Single().ShouldBe(new GitHubReleaseAsset(1, "example.zip", "application/zip", 1024,
            "https://github.com/octo/hello/releases/download/v1.0.0/example.zip"));
        var body = Json(server.Requests.Single());
        body.GetProperty("tag_name").GetString().ShouldBe("v1.0.0");
        body.GetProperty("name").GetString().ShouldBe("v1.0.0");
        body.GetProperty("body").GetString().ShouldBe("Description of the release");
        body.GetProperty("draft").GetBoolean().ShouldBeTrue();
        body.GetProperty("prerelease").GetBoolean().ShouldBeTrue();
        body.GetProperty("target_commitish").GetString().ShouldBe("main");
    }

    [Fact]
    public async Task UploadReleaseAssetAsync_File_PostsBytesToUploadUrl()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "notes.txt");
        await File.WriteAllTextAsync(file, "hello notes", Ct);
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/releases/1", "github/release.json")
            .OnFile("POST", "/api/uploads/repos/octo/hello/releases/1/assets", "github/release-asset.json", 201);
        using var client = GitHubTestClient.Create(server);

        var asset = await client.UploadReleaseAssetAsync("octo/hello", 1, file, null, Ct);

        asset.ShouldBe(new GitHubReleaseAsset(2, "notes.txt", "text/plain", 11, "https://github.com/octo/hello/releases/download/v1.0.0/notes.txt"));
        var upload = server.Single("POST", "/api/uploads/repos/octo/hello/releases/1/assets");
        upload.PathAndQuery.ShouldContain("name=notes.txt");
        upload.Body.ShouldBe("hello notes");
        upload.Headers["Content-Type"].ShouldStartWith("text/plain");
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task UploadReleaseAssetAsync_MissingFile_NotFoundWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.UploadReleaseAssetAsync("octo/hello", 1, "/nonexistent/file.zip", null, Ct));

        error.Code.ShouldBe("github.asset_missing");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListReleasesAsync_Recorded_AllReleases()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/releases", "github/releases.json");
        using var client = GitHubTestClient.Create(server);

        var releases = await client.ListReleasesAsync("octo/hello", Ct);

        releases.Select(release => (release.TagName, release.Prerelease)).ShouldBe([("v1.1.0-rc.1", true), ("v1.0.0", false)]);
    }

    [Fact]
    public async Task GetLatestReleaseAsync_Recorded_LatestRoute()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/releases/latest", "github/release.json");
        using var client = GitHubTestClient.Create(server);

        (await client.GetLatestReleaseAsync("octo/hello", Ct)).TagName.ShouldBe("v1.0.0");
    }

    [Fact]
    public async Task GetLatestReleaseAsync_NoRelease_NotFound()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/releases/latest", "github/error-404.json", 404);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetLatestReleaseAsync("octo/hello", Ct));

        error.Kind.ShouldBe(ErrorKind.NotFound);
        error.Code.ShouldBe("github.not_found");
    }
}
