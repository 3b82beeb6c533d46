using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage;

/// <summary>What every store does the same way for <see cref="IMetricStore.TagValuesAsync"/>: validation, order and bound.</summary>
public static class TagValues
{
    public static void Validate(TagValuesFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (string.IsNullOrEmpty(filter.Key)) throw new ValidationFailedException("A tag-values listing needs a tag key.");
        if (filter.Limit < 1) throw new ValidationFailedException("A tag-values listing needs a limit of at least 1.");
    }

    /// <summary>The distinct values of the filter's key over these series, sorted (ordinal), at most its limit.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<SeriesKey> series, TagValuesFilter filter)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(filter);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in series)
        {
            if (key.Tag(filter.Key) is { } value) values.Add(value);
        }

        return [.. values.Take(filter.Limit)];
    }
}
