using System.CommandLine;
using System.Globalization;

namespace Lightning.Cli.Commands;

/// <summary>Date options: an ISO 8601 date or time (<c>2026-01-31</c>, <c>2026-01-31T12:00:00Z</c>) or an age (<c>30d</c>, <c>2w</c>, <c>6m</c>, <c>1y</c>).</summary>
internal static class GitDateOption
{
    public static Option<DateTimeOffset?> Create(string name, string description, TimeProvider? time = null) => new(name)
    {
        Description = description + " (YYYY-MM-DD, an ISO time, or an age: 30d, 2w, 6m, 1y)",
        HelpName = "DATE",
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Parse(token, (time ?? TimeProvider.System).GetUtcNow()) is { } value)
            {
                return value;
            }

            result.AddError($"{name} '{token}' is not a date (YYYY-MM-DD, an ISO time) or an age (30d, 2w, 6m, 1y).");
            return null;
        },
    };

    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            switch (text[^1])
            {
                case 'd': return now.AddDays(-count);
                case 'w': return now.AddDays(-7.0 * count);
                case 'm': return now.AddMonths(-count);
                case 'y': return now.AddYears(-count);
            }
        }

        // A date without a zone is midnight UTC, so the same command means the same commits on every machine.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }
}
