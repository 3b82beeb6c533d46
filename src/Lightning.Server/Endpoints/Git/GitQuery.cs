using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Registry;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Query-string parsing shared by the per-repository git routes. Values are parsed here rather than by the framework's
/// binder so that a bad value becomes a 400 that names the field and says what it accepts, and so that enums are
/// case-insensitive and dates ISO 8601 only (the binder would take culture-dependent dates such as <c>1/2/2026</c>).
/// </summary>
internal static class GitQuery
{
    static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-ddTHH:mmK",
        "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    /// <summary>The working copy of the registered repository <paramref name="name"/>; unknown names are <c>git.repository_not_found</c> (404).</summary>
    public static async Task<string> PathAsync(GitRepositoryRegistry registry, string name, CancellationToken cancellationToken) =>
        (await registry.GetAsync(name, cancellationToken)).Path;

    /// <summary>
    /// A ref name taken from a route segment. The server decodes every escape in a path except <c>%2F</c> (decoding it
    /// would change the segments), so <c>feature%2Fa</c> arrives as is; ref names with slashes are the common case.
    /// </summary>
    public static string RefFromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>An enum value by name, case-insensitively; names only (a number would reach values that were never offered).</summary>
    public static TEnum? Enum<TEnum>(Validator validator, string field, string? value, params TEnum[] allowed)
        where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var offered = allowed.Length > 0 ? allowed : System.Enum.GetValues<TEnum>();
        foreach (var candidate in offered)
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        validator.Add(field, $"'{value}' is not one of: {string.Join(", ", offered.Select(CamelCase))}.");
        return null;
    }

    /// <summary>An ISO 8601 date (<c>2026-01-31</c>, read as UTC midnight) or date-time (<c>2026-01-31T12:00:00Z</c>, an offset, or UTC when none).</summary>
    public static DateTimeOffset? Date(Validator validator, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        validator.Add(field, $"'{value}' is not an ISO 8601 date or date-time (2026-01-31 or 2026-01-31T12:00:00Z).");
        return null;
    }

    /// <summary>A count within <paramref name="min"/>..<paramref name="max"/>, <paramref name="fallback"/> when absent.</summary>
    public static int Bounded(Validator validator, string field, int? value, int fallback, int min, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value < min || value > max)
        {
            validator.Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be between {min} and {max}; it was {value}."));
            return fallback;
        }

        return value.Value;
    }

    /// <summary>Paths given as <c>?path=a&amp;path=b</c>; null when none, so services read "everything".</summary>
    public static IReadOnlyList<string>? Paths(string[]? values)
    {
        var paths = values?.Where(value => !string.IsNullOrEmpty(value)).ToArray();
        return paths is { Length: > 0 } ? paths : null;
    }

    static string CamelCase<TEnum>(TEnum value) where TEnum : struct, System.Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
