using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// A small typed client for the GitHub REST endpoints Octokit 14 lacks or models incompletely (rulesets, branch
/// protection with force-push and deletion rules, reviews with line comments, workflow dispatch with inputs). It shares
/// the base URL, token, headers and rate-limit handling with the Octokit connection and maps errors the same way.
/// </summary>
internal sealed partial class GitHubRestClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>Sends one request and returns the JSON answer, or null for an empty body (204).</summary>
    public async Task<JsonElement?> SendAsync(
        HttpMethod method, string relativePath, JsonNode? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativePath);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await SendCoreAsync(request, what, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Reads every page of a list, following <c>Link: &lt;...&gt;; rel="next"</c> until there is none. Some endpoints wrap
    /// the list in an object (<c>{"total_count":..,"workflow_runs":[..]}</c>); <paramref name="itemsProperty"/> names it.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> GetAllAsync(
        string relativePath, string? itemsProperty, string what, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        Uri? next = new(http.BaseAddress!, relativePath);
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            using var response = await SendCoreAsync(request, what, cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var list = itemsProperty is null ? document.RootElement : document.RootElement.GetProperty(itemsProperty);
            items.AddRange(list.EnumerateArray().Select(item => item.Clone()));
            next = NextPage(response, http.BaseAddress!);
        }

        return items;
    }

    async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw GitHubErrors.Unreachable(what, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw GitHubErrors.FromBody((int)response.StatusCode, what, body);
        }
    }

    /// <summary>
    /// The <c>rel="next"</c> link, only when it stays on GitHub's origin: the token goes with every page, so a link to
    /// another host is not followed.
    /// </summary>
    internal static Uri? NextPage(HttpResponseMessage response, Uri baseAddress)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (Match match in LinkPattern().Matches(string.Join(',', values)))
        {
            if (!string.Equals(match.Groups["rel"].Value, "next", StringComparison.Ordinal))
            {
                continue;
            }

            if (Uri.TryCreate(match.Groups["url"].Value, UriKind.Absolute, out var url)
                && Uri.Compare(url, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return url;
            }
        }

        return null;
    }


    [GeneratedRegex("<(?<url>[^>]+)>\\s*;\\s*rel=\"(?<rel>[^\"]+)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinkPattern();
}
