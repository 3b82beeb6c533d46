using System.Text.Json;

namespace Lightning.Git.Hosting.GitLab;

/// <summary>
/// Renders GitLab's error bodies readably. GitLab answers <c>{"message": ...}</c> where the message is a string, a list
/// of strings, or an object of field → messages (validation), or <c>{"error": "...", "error_description": "..."}</c>.
/// </summary>
internal static class GitLabErrorBody
{
    const int MaxLength = 1000;

    public static string Render(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var parts = new List<string>();
                if (root.TryGetProperty("message", out var message))
                {
                    parts.Add(RenderValue(message));
                }

                if (root.TryGetProperty("error", out var error))
                {
                    parts.Add(RenderValue(error));
                }

                if (root.TryGetProperty("error_description", out var description))
                {
                    parts.Add(RenderValue(description));
                }

                if (parts.Count > 0)
                {
                    return Limit(string.Join(": ", parts.Where(part => part.Length > 0)));
                }
            }

            return Limit(RenderValue(root));
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy in front of GitLab: its text is not useful, its first line may be.
            return Limit(body.Trim().Split('\n')[0]);
        }
    }

    static string RenderValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(RenderValue)),
        JsonValueKind.Object => string.Join("; ", value.EnumerateObject().Select(property => $"{property.Name} {RenderValue(property.Value)}")),
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    static string Limit(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
}
