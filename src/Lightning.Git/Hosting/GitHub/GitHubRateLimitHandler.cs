using System.Globalization;
using System.Net;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// Sits under both Octokit and <see cref="GitHubRestClient"/> so every GitHub request gets the same rate-limit
/// handling: a primary limit (403/429 with <c>x-ratelimit-remaining: 0</c>) waits until <c>x-ratelimit-reset</c>, a
/// secondary limit waits <c>retry-after</c> seconds, then the request is sent again. A wait longer than the configured
/// maximum, or too many retries, ends in <c>github.rate_limited</c> instead of blocking the caller.
/// </summary>
internal sealed class GitHubRateLimitHandler(
    GitHubOptions options, TimeProvider timeProvider, ILogger logger) : DelegatingHandler
{
    internal const string ApiVersion = "2022-11-28";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Octokit does not pin a REST API version; pinning it here gives both clients the same documented behaviour.
        if (!request.Headers.Contains("X-GitHub-Api-Version"))
        {
            request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", ApiVersion);
        }

        if (request.Content is not null)
        {
            // A retry sends the same request again; buffering lets stream content (asset uploads) be read twice.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var maxWait = TimeSpan.FromSeconds(options.MaxRateLimitWaitSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var wait = RateLimitWait(response, timeProvider.GetUtcNow());
            if (wait is null)
            {
                return response;
            }

            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            if (wait.Value > maxWait || attempt > options.MaxRateLimitRetries)
            {
                GitHubLog.RateLimitGiveUp(logger, request.Method.Method, path, wait.Value, attempt);
                response.Dispose();
                throw new LightningException(ErrorKind.RateLimited, "github.rate_limited",
                    string.Create(CultureInfo.InvariantCulture,
                        $"GitHub's rate limit is exhausted; it resets in {Math.Ceiling(wait.Value.TotalSeconds)} s, longer than the {options.MaxRateLimitWaitSeconds} s the client waits (or {options.MaxRateLimitRetries} retries were used)."));
            }

            GitHubLog.RateLimitWait(logger, request.Method.Method, path, wait.Value, attempt);
            response.Dispose();
            await Task.Delay(wait.Value, timeProvider, cancellationToken);
        }
    }

    /// <summary>How long GitHub asks us to wait, or null when the response is not a rate-limit refusal.</summary>
    internal static TimeSpan? RateLimitWait(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        // Secondary limits name the wait directly.
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

        if (Header(response, "x-ratelimit-remaining") is "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(resetSeconds);
            // A reset already past (clocks differ) still deserves a moment, or the retry meets the same limit.
            return reset > now ? reset - now : TimeSpan.FromSeconds(1);
        }

        // 429 without any hint: GitHub documents waiting at least a minute for secondary limits.
        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) : null;
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
