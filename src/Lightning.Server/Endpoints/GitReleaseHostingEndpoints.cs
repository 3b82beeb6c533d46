using System.Net.Http.Headers;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Releases at the provider (GitHub; GitLab is <c>git.provider_unsupported</c>): list, latest, create, and upload an
/// asset from the request body. Not to be confused with <see cref="GitReleaseEndpoints"/>, which plans and tags
/// releases in the local repository.
/// </summary>
public static class GitReleaseHostingEndpoints
{
    /// <summary>The largest asset the API takes. The body is held in memory until GitHub has it, so this bounds the server's memory too.</summary>
    public const long MaxAssetBytes = 100L * 1024 * 1024;

    /// <summary>
    /// The server-level body limit for the upload route, a little above <see cref="MaxAssetBytes"/> so the reader's own
    /// 413 (which names the limit) answers first; without it Kestrel's default of about 28.6 MiB would refuse earlier.
    /// </summary>
    const long UploadRequestLimit = MaxAssetBytes + (1024 * 1024);

    public static RouteGroupBuilder MapGitReleaseHostingEndpoints(this RouteGroupBuilder repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.MapGet("/releases", ListAsync).WithSummary("The hosted repository's GitHub releases with their assets (drafts only with push access)");
        repository.MapGet("/releases/latest", LatestAsync).WithSummary("The latest published GitHub release (not a draft or pre-release)");
        repository.MapPost("/releases", CreateAsync).WithSummary("Create a GitHub release (and its tag at target when the tag is missing)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/releases/{id:long}/assets", UploadAssetAsync)
            .WithSummary($"Upload the request body (up to {MaxAssetBytes / (1024 * 1024)} MiB) as a release asset named by ?name=, with the request's content type")
            .Accepts<Stream>("*/*")
            .WithMetadata(new RequestSizeLimitAttribute(UploadRequestLimit))
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return repository;
    }

    static async Task<Ok<IReadOnlyList<GitHubRelease>>> ListAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.ListReleasesAsync(hosted, cancellationToken)));

    static async Task<Ok<GitHubRelease>> LatestAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(github: (github, hosted) => github.GetLatestReleaseAsync(hosted, cancellationToken)));

    static async Task<Created<GitHubRelease>> CreateAsync(
        [AsParameters] HostedRepository repository, CreateReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        new Validator()
            .Require(HostedInput.IsOneLine(request.Tag), "tag", "Give the release's tag: one line, no spaces, at most 255 characters.")
            .Require(request.Target is null || HostedInput.IsOneLine(request.Target), "target",
                "The target is a branch name or commit sha, or left out for the default branch.")
            .Require(request.Name is null || request.Name.Length <= 1024, "name", "A release name is at most 1024 characters.")
            .Require(request.Body is null || request.Body.Length <= 125_000, "body", "GitHub limits a release body to 125000 characters.")
            .ThrowIfInvalid();
        var release = new GitHubNewRelease(request.Tag.Trim())
        {
            Name = request.Name,
            Body = request.Body,
            Draft = request.Draft ?? false,
            Prerelease = request.Prerelease ?? false,
            TargetCommitish = request.Target?.Trim(),
        };
        var created = await repository.ByProviderAsync(github: (github, hosted) => github.CreateReleaseAsync(hosted, release, cancellationToken));
        return TypedResults.Created(created.HtmlUrl, created);
    }

    static async Task<Results<Created<GitHubReleaseAsset>, ProblemHttpResult>> UploadAssetAsync(
        [AsParameters] HostedRepository repository, long id, [FromQuery(Name = "name")] string? assetName, HttpRequest request,
        CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        var validator = new Validator();
        validator.Require(IsAssetName(assetName), "name",
            "Name the asset with ?name=: a file name (no folders), at most 255 characters, e.g. ?name=app-linux-x64.tar.gz.");
        var contentType = string.IsNullOrWhiteSpace(request.ContentType) ? "application/octet-stream" : request.ContentType;
        validator.Require(MediaTypeHeaderValue.TryParse(contentType, out _), "contentType", $"'{contentType}' is not a media type.");
        validator.ThrowIfInvalid();

        // The provider is checked before the body is read: a GitLab repository is refused without taking in the upload.
        return await repository.ByProviderAsync<Results<Created<GitHubReleaseAsset>, ProblemHttpResult>>(github: async (github, hosted) =>
        {
            using var body = await RequestBody.ReadAtMostAsync(request, MaxAssetBytes, cancellationToken);
            if (body is null)
            {
                return TypedResults.Problem(
                    $"A release asset is at most {MaxAssetBytes / (1024 * 1024)} MiB ({MaxAssetBytes:#,0} bytes); this upload is larger.",
                    statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large.", type: "https://httpstatuses.io/413");
            }

            if (body.Length == 0)
            {
                throw GitHostingEndpoints.Invalid("body", "Send the asset's bytes as the request body; it is empty.");
            }

            body.Position = 0;
            var asset = await github.UploadReleaseAssetAsync(hosted, id, assetName!.Trim(), body, contentType, cancellationToken);
            return TypedResults.Created(asset.DownloadUrl, asset);
        });
    }

    static bool IsAssetName(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim() is var trimmed && trimmed.Length <= 255 && trimmed is not ("." or "..")
        && !trimmed.Any(c => c is '/' or '\\' || char.IsControl(c));
}
