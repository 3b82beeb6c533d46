using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lightning.Core.Errors;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// One mapping from GitHub's answers to <see cref="LightningException"/> codes, used for Octokit's exceptions and the
/// typed client's responses alike, so a caller sees the same code whichever path served the call. Messages carry
/// GitHub's own <c>message</c> and <c>errors[]</c>, never the token or request headers.
/// </summary>
internal static class GitHubErrors
{
    public static LightningException FromStatus(int status, string what, string? message, IEnumerable<string> details)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"GitHub answered {status} to {what}");
        if (!string.IsNullOrWhiteSpace(message))
        {
            text.Append(": ").Append(message.Trim());
        }

        var detailList = details.Where(detail => !string.IsNullOrWhiteSpace(detail)).ToList();
        if (detailList.Count > 0)
        {
            text.Append(" (").AppendJoin("; ", detailList).Append(')');
        }

        var textValue = text.ToString();
        return status switch
        {
            401 => new LightningException(ErrorKind.Upstream, "github.auth_failed", textValue),
            403 => new LightningException(ErrorKind.Upstream, "github.forbidden", textValue),
            404 => new LightningException(ErrorKind.NotFound, "github.not_found", textValue),
            // 405 is GitHub's "not mergeable"; 409 a head that moved (merge with an expected sha) or a state clash.
            405 or 409 => new LightningException(ErrorKind.Conflict, "github.conflict", textValue),
            422 => new LightningException(ErrorKind.Invalid, "github.validation_failed", textValue),
            429 => new LightningException(ErrorKind.RateLimited, "github.rate_limited", textValue),
            >= 500 => new LightningException(ErrorKind.Upstream, "github.unavailable", textValue),
            _ => new LightningException(ErrorKind.Upstream, "github.failed", textValue),
        };
    }

    /// <summary>Reads GitHub's documented error body: <c>{"message": ..., "errors": [{resource, field, code, message}]}</c>.</summary>
    public static LightningException FromBody(int status, string what, string body)
    {
        string? message = null;
        var details = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String)
                {
                    message = messageElement.GetString();
                }

                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                {
                    foreach (var error in errors.EnumerateArray())
                    {
                        details.Add(error.ValueKind == JsonValueKind.String
                            ? error.GetString() ?? string.Empty
                            : Detail(Text(error, "resource"), Text(error, "field"), Text(error, "code"), Text(error, "message")));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): say only the status.
        }

        return FromStatus(status, what, message, details);
    }

    public static LightningException FromOctokit(Octokit.ApiException exception, string what)
    {
        if (exception is Octokit.RateLimitExceededException or Octokit.SecondaryRateLimitExceededException)
        {
            // Only reachable when the handler was bypassed; still a rate limit, not a permissions problem.
            return new LightningException(ErrorKind.RateLimited, "github.rate_limited", $"GitHub's rate limit is exhausted ({what}).", exception);
        }

        var details = exception.ApiError?.Errors?.Select(error => Detail(error.Resource, error.Field, error.Code, error.Message)) ?? [];
        var mapped = FromStatus((int)exception.StatusCode, what, exception.ApiError?.Message ?? exception.Message, details);
        return new LightningException(mapped.Kind, mapped.Code, mapped.Message, exception);
    }

    public static LightningException Unreachable(string what, HttpRequestException exception) =>
        new(ErrorKind.Unavailable, "github.unreachable",
            $"GitHub could not be reached for {what}: {exception.HttpRequestError}.", exception);


    static string Detail(string? resource, string? field, string? code, string? message)
    {
        var subject = string.Join('.', new[] { resource, field }.Where(part => !string.IsNullOrEmpty(part)));
        var parts = new[] { subject, code, message }.Where(part => !string.IsNullOrEmpty(part));
        return string.Join(' ', parts);
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
