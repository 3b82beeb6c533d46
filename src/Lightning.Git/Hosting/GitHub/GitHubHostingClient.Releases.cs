using Lightning.Core.Errors;
using Octokit;

namespace Lightning.Git.Hosting.GitHub;

public sealed partial class GitHubHostingClient
{
    public Task<GitHubRelease> CreateReleaseAsync(string repository, GitHubNewRelease release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var (owner, name) = Split(repository);
        var request = new NewRelease(release.TagName)
        {
            Name = release.Name,
            Body = release.Body,
            Draft = release.Draft,
            Prerelease = release.Prerelease,
            TargetCommitish = release.TargetCommitish,
        };
        return CallAsync($"creating release {release.TagName} in {repository}",
            async () => ToRelease(await _octokit.Repository.Release.Create(owner, name, request)), cancellationToken);
    }

    /// <summary>Every release (all pages), newest first as GitHub lists them; drafts only with push access.</summary>
    public Task<IReadOnlyList<GitHubRelease>> ListReleasesAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"releases of {repository}", async () =>
            (IReadOnlyList<GitHubRelease>)(await _octokit.Repository.Release.GetAll(owner, name)).Select(ToRelease).ToList(), cancellationToken);
    }

    /// <summary>The latest published full release (not a draft or pre-release); <c>github.not_found</c> when there is none.</summary>
    public Task<GitHubRelease> GetLatestReleaseAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"latest release of {repository}",
            async () => ToRelease(await _octokit.Repository.Release.GetLatest(owner, name)), cancellationToken);
    }

    /// <summary>
    /// Uploads a local file as an asset of a release (to the release's <c>upload_url</c>, which GitHub serves from a
    /// separate uploads host). The asset is named after the file.
    /// </summary>
    public async Task<GitHubReleaseAsset> UploadReleaseAssetAsync(
        string repository, long releaseId, string filePath, string? contentType, CancellationToken cancellationToken)
    {
        _ = Split(repository);
        if (string.IsNullOrWhiteSpace(filePath) || !File.Exists(filePath))
        {
            throw new LightningException(ErrorKind.NotFound, "github.asset_missing", $"There is no file '{filePath}' to upload.");
        }

        await using var stream = File.OpenRead(filePath);
        return await UploadReleaseAssetAsync(repository, releaseId, Path.GetFileName(filePath), stream, contentType ?? ContentTypeOf(filePath), cancellationToken);
    }

    /// <summary>Uploads <paramref name="content"/> as the release asset <paramref name="assetName"/> (bytes that are not a local file, such as an API upload).</summary>
    public async Task<GitHubReleaseAsset> UploadReleaseAssetAsync(
        string repository, long releaseId, string assetName, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var release = await CallAsync($"release {releaseId} of {repository}", () => _octokit.Repository.Release.Get(owner, name, releaseId), cancellationToken);
        var upload = new ReleaseAssetUpload(assetName, contentType, content, null);
        return await CallAsync($"uploading {upload.FileName} to release {releaseId} of {repository}", async () =>
            ToAsset(await _octokit.Repository.Release.UploadAsset(release, upload, cancellationToken)), cancellationToken);
    }

    static string ContentTypeOf(string filePath) => Path.GetExtension(filePath).ToUpperInvariant() switch
    {
        ".ZIP" => "application/zip",
        ".GZ" or ".TGZ" => "application/gzip",
        ".JSON" => "application/json",
        ".TXT" or ".MD" => "text/plain",
        _ => "application/octet-stream",
    };

    static GitHubRelease ToRelease(Release release) => new(
        release.Id, release.TagName, release.Name, release.Body, release.Draft, release.Prerelease, release.HtmlUrl,
        (release.Assets ?? []).Select(ToAsset).ToList());

    static GitHubReleaseAsset ToAsset(ReleaseAsset asset) =>
        new(asset.Id, asset.Name, asset.ContentType, asset.Size, asset.BrowserDownloadUrl);
}
