using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// Tag filters matched against the in-memory catalog, with InfluxQL's meaning: a missing tag is the empty string, so
/// <c>host != 'a'</c> matches series without a host tag, and regexes are unanchored unless they say otherwise.
/// </summary>
internal sealed class TagMatcher
{
    static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    readonly (TagFilter Filter, Regex? Regex)[] _filters;

    public TagMatcher(IReadOnlyList<TagFilter>? filters)
    {
        _filters = (filters ?? []).Select(Compile).ToArray();
    }

    static (TagFilter, Regex?) Compile(TagFilter filter)
    {
        if (string.IsNullOrEmpty(filter.Key)) throw new ValidationFailedException("A tag filter needs a tag key.");
        if (filter.Operator is not (TagOperator.Matches or TagOperator.NotMatches)) return (filter, null);
        try
        {
            return (filter, new Regex(filter.Value, RegexOptions.CultureInvariant, RegexTimeout));
        }
        catch (ArgumentException ex)
        {
            throw new ValidationFailedException($"The tag filter on '{filter.Key}' has an invalid regular expression: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the series' tags pass every filter; a tag it lacks is the empty value.</summary>
    public bool Matches(SeriesKey series)
    {
        // Queries call this once per catalog entry: no delegate per call, the loop reads the key directly.
        foreach (var (filter, regex) in _filters)
        {
            if (!Passes(filter, regex, series.Tag(filter.Key) ?? string.Empty)) return false;
        }
        return true;
    }

    /// <summary>
    /// Whether the tags <paramref name="tagOf"/> gives pass every filter. A tag that is missing is the empty value, or
    /// with <paramref name="missingMatches"/> passes its filters (an event without a host label concerns every host).
    /// </summary>
    public bool Matches(Func<string, string?> tagOf, bool missingMatches)
    {
        ArgumentNullException.ThrowIfNull(tagOf);
        foreach (var (filter, regex) in _filters)
        {
            var tag = tagOf(filter.Key);
            if (tag is null && missingMatches) continue;
            if (!Passes(filter, regex, tag ?? string.Empty)) return false;
        }
        return true;
    }

    static bool Passes(TagFilter filter, Regex? regex, string value) => filter.Operator switch
    {
        TagOperator.Equal => string.Equals(value, filter.Value, StringComparison.Ordinal),
        TagOperator.NotEqual => !string.Equals(value, filter.Value, StringComparison.Ordinal),
        TagOperator.Matches => regex!.IsMatch(value),
        _ => !regex!.IsMatch(value),
    };
}
