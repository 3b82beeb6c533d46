namespace Lightning.Git.Repositories;

/// <summary>Splits a commit message the way <c>git log</c> does, shared by both back-ends so they agree exactly.</summary>
internal static class CommitMessages
{
    public static (string Subject, string Body, string Message) Split(string raw)
    {
        var message = (raw ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ', '\t', '\r');
        var lines = message.Split('\n');
        var start = 0;
        while (start < lines.Length && lines[start].Trim().Length == 0)
        {
            start++;
        }

        // %s: the first paragraph, its lines joined by spaces.
        var end = start;
        while (end < lines.Length && lines[end].Trim().Length > 0)
        {
            end++;
        }

        var subject = string.Join(' ', lines[start..end].Select(line => line.Trim()));
        var bodyStart = end;
        while (bodyStart < lines.Length && lines[bodyStart].Trim().Length == 0)
        {
            bodyStart++;
        }

        var body = bodyStart < lines.Length ? string.Join('\n', lines[bodyStart..]) : string.Empty;
        return (subject, body, message);
    }
}
