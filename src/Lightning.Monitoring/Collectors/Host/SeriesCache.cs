using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>Keeps one <see cref="SeriesKey"/> per tag value, so a reading every second does not rebuild the same keys.</summary>
internal sealed class SeriesCache(string measurement, string tagKey)
{
    readonly Dictionary<string, SeriesKey> _keys = new(StringComparer.Ordinal);

    public SeriesKey Get(string tagValue)
    {
        if (!_keys.TryGetValue(tagValue, out var key))
        {
            key = new SeriesKey(measurement, [new(tagKey, tagValue)]);
            _keys[tagValue] = key;
        }

        return key;
    }
}
