using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.GitLab;

/// <summary>
/// A typed client over GitLab's REST API v4 (projects, merge requests, pipelines, issues and boards, snippets, wiki
/// pages, container registry, protected branches and approval rules). Projects are addressed by numeric id or full
/// path (<c>group/subgroup/project</c>, URL-encoded here). Lists follow every page. A 429 is waited out (per
/// <c>Retry-After</c> or <c>RateLimit-Reset</c>) up to <see cref="GitLabOptions.MaxRateLimitWaitSeconds"/>; every other
/// failure becomes a <see cref="LightningException"/> with a <c>gitlab.*</c> code and GitLab's own message.
/// </summary>
public sealed partial class GitLabClient
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    static readonly TimeSpan MinimumRetryDelay = TimeSpan.FromSeconds(1);

    readonly HttpClient _http;
    readonly GitLabOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly Uri _apiRoot;

    /// <summary>
    /// The client DI builds (typed <see cref="HttpClient"/>, options from <c>Lightning:Git:GitLab</c>). A token kept in
    /// configuration as a protected value (<c>v1:...</c>, from <see cref="ISecretProtector.Protect"/>) is decrypted here.
    /// </summary>
    [ActivatorUtilitiesConstructor]
    public GitLabClient(
        HttpClient httpClient, IOptions<GitLabOptions> options, TimeProvider? timeProvider = null, ILogger<GitLabClient>? logger = null,
        ISecretProtector? secretProtector = null)
        : this(httpClient, Unprotected(options, secretProtector), timeProvider, logger)
    {
    }

    /// <summary>A client for one connection (several GitLab instances or tokens side by side).</summary>
    public GitLabClient(HttpClient httpClient, GitLabOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        var root = options.BaseUrl.ToString();
        _apiRoot = new Uri((root.EndsWith('/') ? root : root + "/") + "api/v4/");
    }

    static GitLabOptions Unprotected(IOptions<GitLabOptions> configured, ISecretProtector? protector)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var options = configured.Value;
        if (protector is null || options.Token is not { } token || !token.StartsWith("v1:", StringComparison.Ordinal))
        {
            return options;
        }

        return new GitLabOptions
        {
            BaseUrl = options.BaseUrl,
            Token = protector.Unprotect(token),
            MaxRateLimitWaitSeconds = options.MaxRateLimitWaitSeconds,
            DefaultRetryAfterSeconds = options.DefaultRetryAfterSeconds,
            PageSize = options.PageSize,
        };
    }

    /// <summary>The path segment for a project: a numeric id as is, a full path URL-encoded (<c>group%2Fproject</c>).</summary>
    internal static string ProjectSegment(string project)
    {
        if (string.IsNullOrWhiteSpace(project))
        {
            throw new LightningException(ErrorKind.Invalid, "gitlab.invalid_project", "A GitLab project id or path is required.");
        }

        var trimmed = project.Trim().Trim('/');
        return trimmed.All(char.IsAsciiDigit) ? trimmed : Uri.EscapeDataString(trimmed);
    }

    static string Segment(string value, string what) =>
        string.IsNullOrEmpty(value)
            ? throw new LightningException(ErrorKind.Invalid, "gitlab.invalid_argument", $"A {what} is required.")
            : Uri.EscapeDataString(value);

    static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(parameter => parameter.Value is not null).ToList();
        return present.Count == 0
            ? string.Empty
            : "?" + string.Join('&', present.Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}"));
    }

    Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendJsonAsync<T>(HttpMethod.Get, path, body: null, cancellationToken);

    async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, new Uri(_apiRoot, path), body, cancellationToken);
        return await ReadAsync<T>(response, method, path, cancellationToken);
    }

    async Task SendNoContentAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, new Uri(_apiRoot, path), body, cancellationToken);
    }

    async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(_apiRoot, path), body: null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Every item of a list, following <c>Link: rel="next"</c> (keyset and offset) or <c>X-Next-Page</c>.</summary>
    async Task<IReadOnlyList<T>> GetAllAsync<T>(string path, CancellationToken cancellationToken)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        Uri? next = new(_apiRoot, $"{path}{separator}per_page={_options.PageSize.ToString(CultureInfo.InvariantCulture)}");
        var items = new List<T>();
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, body: null, cancellationToken);
            var page = await ReadAsync<List<T>>(response, HttpMethod.Get, next.AbsolutePath, cancellationToken);
            items.AddRange(page);
            next = NextPage(response, next);
        }

        return items;
    }

    Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (response.Headers.TryGetValues("Link", out var links))
        {
            foreach (var link in links.SelectMany(value => value.Split(',')))
            {
                var parts = link.Split(';');
                if (parts.Length < 2 || !parts.Skip(1).Any(part => string.Equals(part.Trim(), "rel=\"next\"", StringComparison.Ordinal)))
                {
                    continue;
                }

                var target = new Uri(parts[0].Trim().TrimStart('<').TrimEnd('>'), UriKind.RelativeOrAbsolute);
                target = target.IsAbsoluteUri ? target : new Uri(_apiRoot, target);

                // The token goes with every request: never follow a link to another host.
                if (Uri.Compare(target, _apiRoot, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    throw new LightningException(ErrorKind.Upstream, "gitlab.bad_pagination",
                        $"GitLab's next-page link points to another host ({target.Host}); not following it.");
                }

                return target;
            }
        }

        if (response.Headers.TryGetValues("X-Next-Page", out var nextPage)
            && int.TryParse(nextPage.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var page))
        {
            var query = current.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(pair => !pair.StartsWith("page=", StringComparison.Ordinal))
                .Append($"page={page.ToString(CultureInfo.InvariantCulture)}");
            return new UriBuilder(current) { Query = string.Join('&', query) }.Uri;
        }

        return null;
    }

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var maxWait = TimeSpan.FromSeconds(_options.MaxRateLimitWaitSeconds);
        while (true)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!string.IsNullOrEmpty(_options.Token))
            {
                request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", _options.Token);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new LightningException(ErrorKind.Unavailable, "gitlab.unreachable",
                    $"GitLab at {_apiRoot.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw await ErrorAsync(response, method, uri.AbsolutePath, cancellationToken);
                }

                // At least a second, so a server that keeps answering "retry after 0" cannot make this loop forever.
                var delay = RetryDelay(response) is var wait && wait < MinimumRetryDelay ? MinimumRetryDelay : wait;
                if (waited + delay > maxWait)
                {
                    Log.RateLimitGaveUp(_logger, method.Method, uri.AbsolutePath, delay, waited);
                    throw new LightningException(ErrorKind.RateLimited, "gitlab.rate_limited",
                        $"GitLab rate limit: {method.Method} {uri.AbsolutePath} would need another {delay.TotalSeconds:0}s " +
                        $"after {waited.TotalSeconds:0}s of waiting, past the limit of {maxWait.TotalSeconds:0}s. Try again later.");
                }

                Log.RateLimited(_logger, method.Method, uri.AbsolutePath, delay);
                await Task.Delay(delay, _time, cancellationToken);
                waited += delay;
            }
        }
    }

    /// <summary><c>Retry-After</c> (seconds or a date) first, then the <c>RateLimit-Reset</c> epoch, then the configured default.</summary>
    TimeSpan RetryDelay(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValues("RateLimit-Reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return at > now ? at - now : TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(_options.DefaultRetryAfterSeconds);
    }

    async Task<LightningException> ErrorAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = GitLabErrorBody.Render(await response.Content.ReadAsStringAsync(cancellationToken));
        var (kind, code, what) = status switch
        {
            401 => (ErrorKind.Upstream, "gitlab.auth_failed", "GitLab rejected the credentials (401); check the access token and its scopes"),
            403 => (ErrorKind.Upstream, "gitlab.forbidden", "GitLab refused the request (403): the token lacks the permission or the feature is not available"),
            404 => (ErrorKind.NotFound, "gitlab.not_found", "GitLab found no such resource (404), or the token cannot see it"),
            400 or 422 => (ErrorKind.Invalid, "gitlab.invalid", $"GitLab rejected the request ({status})"),
            405 or 406 or 409 or 412 => (ErrorKind.Conflict, "gitlab.conflict", $"GitLab refused the request in the current state ({status})"),
            >= 500 => (ErrorKind.Upstream, "gitlab.unavailable", $"GitLab failed with a server error ({status})"),
            _ => (ErrorKind.Upstream, "gitlab.failed", $"GitLab answered {status}"),
        };
        Log.RequestFailed(_logger, status, method.Method, path, code);
        var message = string.IsNullOrEmpty(detail) ? $"{what}: {method.Method} {path}." : $"{what}: {method.Method} {path}: {detail}";
        return new LightningException(kind, code, message);
    }

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new JsonException("The body is null.");
        }
        catch (JsonException ex)
        {
            throw new LightningException(ErrorKind.Upstream, "gitlab.bad_response",
                $"GitLab's answer to {method.Method} {path} is not the JSON its API documents: {ex.Message}", ex);
        }
    }
}
