using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;
using Octokit.Internal;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// GitHub (github.com or GitHub Enterprise Server) for one token: repositories, pull requests, issues, Actions,
/// releases, webhooks, branch protection and rulesets. Most calls go through Octokit; the endpoints Octokit lacks go
/// through <see cref="GitHubRestClient"/>. Both share one base URL, token and rate-limit handler, and every failure
/// becomes a <see cref="LightningException"/> with a <c>github.*</c> code. Repositories are named <c>owner/name</c>.
/// </summary>
public sealed partial class GitHubHostingClient : IGitHostingClient, IDisposable
{
    const string ProductName = "AgentLightning";

    readonly GitHubClient _octokit;
    readonly HttpClientAdapter _octokitHttp;
    readonly GitHubRestClient _rest;
    readonly ILogger _logger;

    /// <param name="baseUrl">
    /// null for github.com; otherwise the GitHub Enterprise host (<c>https://ghe.example.com/</c>), to which
    /// <c>api/v3/</c> is added as Octokit does. Plain http is accepted only for loopback hosts (tests, local proxies),
    /// because the token travels with every request.
    /// </param>
    /// <param name="token">A personal access, app installation or Actions token. It is sent only in the Authorization header.</param>
    public GitHubHostingClient(
        Uri? baseUrl, string token, GitHubOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        if (string.IsNullOrWhiteSpace(token) || token.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_token", "A GitHub token is required (one line, not empty).");
        }

        options ??= new GitHubOptions();
        timeProvider ??= TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        ApiBase = ApiBaseFor(baseUrl);
        var timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);

        _octokitHttp = new HttpClientAdapter(() => new GitHubRateLimitHandler(options, timeProvider, _logger)
        {
            InnerHandler = new HttpClientHandler { AllowAutoRedirect = false },
        });
        _octokitHttp.SetRequestTimeout(timeout);
        var connection = new Connection(
            new Octokit.ProductHeaderValue(ProductName), ApiBase,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            _octokitHttp, new SimpleJsonSerializer());
        _octokit = new GitHubClient(connection);

        var http = new HttpClient(new GitHubRateLimitHandler(options, timeProvider, _logger) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = ApiBase,
            Timeout = timeout,
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", GitHubRateLimitHandler.ApiVersion);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(ProductName, "1.0"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _rest = new GitHubRestClient(http);
    }

    public string Provider => "github";

    /// <summary>The REST API root both clients call (<c>https://api.github.com/</c> or <c>https://host/api/v3/</c>).</summary>
    public Uri ApiBase { get; }

    /// <summary>One repository.</summary>
    public Task<GitHubRepository> GetRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"repository {repository}", async () => ToRepository(await _octokit.Repository.Get(owner, name)), cancellationToken);
    }

    /// <summary>
    /// Every repository of <paramref name="owner"/> (an organization when <paramref name="isOrganization"/>, else a
    /// user), or of the token's own user when <paramref name="owner"/> is null; all pages.
    /// </summary>
    public Task<IReadOnlyList<GitHubRepository>> ListRepositoriesAsync(string? owner, bool isOrganization, CancellationToken cancellationToken)
    {
        if (owner is not null && !OwnerPattern().IsMatch(owner))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_repository", $"'{owner}' is not a GitHub user or organization name.");
        }

        return CallAsync($"repositories of {owner ?? "the current user"}", async () =>
        {
            var repositories = owner is null ? await _octokit.Repository.GetAllForCurrent()
                : isOrganization ? await _octokit.Repository.GetAllForOrg(owner)
                : await _octokit.Repository.GetAllForUser(owner);
            return (IReadOnlyList<GitHubRepository>)repositories.Select(ToRepository).ToList();
        }, cancellationToken);
    }

    public void Dispose()
    {
        _octokitHttp.Dispose();
        _rest.Http.Dispose();
    }

    internal static Uri ApiBaseFor(Uri? baseUrl)
    {
        if (baseUrl is null)
        {
            return new Uri("https://api.github.com/");
        }

        if (!baseUrl.IsAbsoluteUri || !(baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_base_url",
                "The GitHub base URL must be an absolute https URL (http only for loopback).");
        }

        if (string.Equals(baseUrl.Host, "github.com", StringComparison.OrdinalIgnoreCase)
            || string.Equals(baseUrl.Host, "api.github.com", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri("https://api.github.com/");
        }

        // GitHub Enterprise Server serves the REST API under /api/v3 (Octokit adds it the same way).
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            path += "/api/v3";
        }

        return new Uri(baseUrl, path + "/");
    }

    internal static (string Owner, string Name) Split(string repository)
    {
        var match = RepositoryPattern().Match(repository ?? string.Empty);
        if (!match.Success || match.Groups["name"].Value is "." or "..")
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_repository",
                $"'{repository}' is not a GitHub repository; expected owner/name.");
        }

        return (match.Groups["owner"].Value, match.Groups["name"].Value);
    }

    /// <summary>Escapes one path segment for the typed client (branch names may hold characters URLs reserve).</summary>
    static string Segment(string value) => Uri.EscapeDataString(value);

    async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Octokit's calls take no token; WaitAsync at least frees the caller when it cancels.
            return await call().WaitAsync(cancellationToken);
        }
        catch (ApiException ex)
        {
            GitHubLog.RequestFailed(_logger, "octokit", what, (int)ex.StatusCode);
            throw GitHubErrors.FromOctokit(ex, what);
        }
        catch (HttpRequestException ex)
        {
            throw GitHubErrors.Unreachable(what, ex);
        }
    }

    async Task CallAsync(string what, Func<Task> call, CancellationToken cancellationToken) =>
        await CallAsync(what, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    static GitHubRepository ToRepository(Repository repository) => new(
        repository.Id, repository.FullName, repository.Owner?.Login ?? repository.FullName.Split('/')[0], repository.Name,
        repository.DefaultBranch, repository.Private, repository.Archived, repository.Description, repository.HtmlUrl,
        repository.CloneUrl);

    static bool IsNotFound(LightningException exception) => string.Equals(exception.Code, "github.not_found", StringComparison.Ordinal);

    [GeneratedRegex("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<name>[A-Za-z0-9._-]{1,100})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OwnerPattern();
}
