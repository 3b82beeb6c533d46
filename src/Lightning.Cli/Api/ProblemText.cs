using System.Net;
using System.Text.Json;

namespace Lightning.Cli.Api;

/// <summary>
/// Turns an error answer into the one line a user reads: the field messages of a validation problem, else the
/// ProblemDetails detail, else its title, else the status.
/// </summary>
internal static class ProblemText
{
    public static string Describe(HttpStatusCode status, string? reason, string body)
    {
        // Not ProblemDetails: something else answers at that address (a proxy, another service).
        var text = FromProblem(body) ?? $"the server answered {(int)status} {reason ?? status.ToString()}, without details: is it an Agent Lightning server?";
        return OneLine(text);
    }

    /// <summary>The first line of <paramref name="text"/>, trimmed: a stack trace a server in Development sends stays out.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? string.Empty : lines[0];
    }

    static string? FromProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var message = FieldMessages(root) ?? Text(root, "detail") ?? Text(root, "title");
            if (message is not null && (int?)Number(root, "status") >= 500 && Text(root, "traceId") is { } traceId)
            {
                message = $"{OneLine(message)} (trace id {traceId})";
            }

            return message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string? FieldMessages(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var messages = errors.EnumerateObject()
            .SelectMany(field => field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(message => message.ValueKind == JsonValueKind.String)
            .Select(message => message.GetString()!.Trim())
            .Where(message => message.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return messages.Count == 0 ? null : string.Join(' ', messages);
    }

    static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    static int? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;
}
