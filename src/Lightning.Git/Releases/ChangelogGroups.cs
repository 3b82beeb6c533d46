using System.Text.RegularExpressions;

namespace Lightning.Git.Releases;

/// <summary>How commits are grouped: git-cliff's default commit parsers, and the Keep a Changelog sections.</summary>
internal static class ChangelogGroups
{
    sealed record CliffParser(Regex? Message, Regex? Body, string? Group, bool Skip);

    // git-cliff 2.x's built-in [git].commit_parsers, in order; the first match wins. The regexes run on the raw message
    // (so "Feat: x" is "Other": they are case-sensitive) and on the conventional body. Groups print in this order.
    static readonly CliffParser[] CliffParsers =
    [
        new(Pattern("^feat"), null, "\U0001F680 Features", false),
        new(Pattern("^fix"), null, "\U0001F41B Bug Fixes", false),
        new(Pattern("^doc"), null, "\U0001F4DA Documentation", false),
        new(Pattern("^perf"), null, "\u26A1 Performance", false),
        new(Pattern("^refactor"), null, "\U0001F69C Refactor", false),
        new(Pattern("^style"), null, "\U0001F3A8 Styling", false),
        new(Pattern("^test"), null, "\U0001F9EA Testing", false),
        new(Pattern(@"^chore\(release\): prepare for"), null, null, true),
        new(Pattern(@"^chore\(deps.*\)"), null, null, true),
        new(Pattern(@"^chore\(pr\)"), null, null, true),
        new(Pattern(@"^chore\(pull\)"), null, null, true),
        new(Pattern("^chore|^ci"), null, "\u2699\uFE0F Miscellaneous Tasks", false),
        new(null, Pattern(".*security"), "\U0001F6E1\uFE0F Security", false),
        new(Pattern("^revert"), null, "\u25C0\uFE0F Revert", false),
        new(Pattern(".*"), null, "\U0001F4BC Other", false),
    ];

    /// <summary>The group headings in the order git-cliff prints them.</summary>
    public static IReadOnlyList<string> CliffOrder { get; } =
        CliffParsers.Where(p => p.Group is not null).Select(p => p.Group!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The git-cliff group of a commit, or null when git-cliff leaves it out: not conventional
    /// (<c>filter_unconventional</c>; <paramref name="conventional"/> is the commit's parse), or skipped (<c>chore(deps)</c>, <c>chore(release): prepare for</c>, ...).
    /// </summary>
    public static string? CliffGroup(ReleaseCommit commit, ConventionalCommit? conventional)
    {
        if (conventional is null)
        {
            return null;
        }

        foreach (var parser in CliffParsers)
        {
            var matches = parser.Message is not null
                ? parser.Message.IsMatch(commit.Message)
                : conventional.Body is { } body && parser.Body!.IsMatch(body);
            if (matches)
            {
                return parser.Skip ? null : parser.Group;
            }
        }

        return null;
    }

    /// <summary>The heading without its emoji ("Features"), for templates.</summary>
    public static string PlainTitle(string heading)
    {
        var space = heading.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? heading : heading[(space + 1)..];
    }

    /// <summary>Keep a Changelog 1.1.0's sections, in its order.</summary>
    public static IReadOnlyList<string> KeepAChangelogOrder { get; } = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"];

    /// <summary>
    /// The Keep a Changelog section of a commit: security (type or scope) → Security; deprecate → Deprecated;
    /// remove → Removed; feat → Added; fix → Fixed; refactor, perf, revert and any other breaking change → Changed.
    /// Everything else (docs, test, chore, ci, build, style) is not for users and is left out.
    /// </summary>
    public static string? KeepAChangelogSection(ReleaseCommit commit)
    {
        if (commit.Conventional is not { } c)
        {
            return null;
        }

        if (c.IsType("security") || string.Equals(c.Scope, "security", StringComparison.OrdinalIgnoreCase))
        {
            return "Security";
        }

        if (c.IsType("deprecate") || c.IsType("deprecated") || c.IsType("deprecation"))
        {
            return "Deprecated";
        }

        if (c.IsType("remove") || c.IsType("removed"))
        {
            return "Removed";
        }

        if (c.IsType("feat"))
        {
            return "Added";
        }

        if (c.IsType("fix"))
        {
            return "Fixed";
        }

        return c.IsType("refactor") || c.IsType("perf") || c.IsType("revert") || c.IsBreaking ? "Changed" : null;
    }

    static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
