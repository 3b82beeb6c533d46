using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Monitoring.Model;

/// <summary>
/// A series: a measurement and its tags, tags sorted by key (ordinal) so that the same series always has the same
/// canonical text. The canonical text is the line-protocol form (<c>cpu,core=0,host=a</c>), which stores use as the
/// series identity and which reads back with <see cref="Parse"/>.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    readonly KeyValuePair<string, string>[] _tags;

    public SeriesKey(string measurement, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        if (string.IsNullOrEmpty(measurement))
            throw new ValidationFailedException("A series needs a measurement name.");
        Measurement = measurement;
        _tags = (tags ?? []).ToArray();
        Array.Sort(_tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < _tags.Length; i++)
        {
            if (string.IsNullOrEmpty(_tags[i].Key) || string.IsNullOrEmpty(_tags[i].Value))
                throw new ValidationFailedException($"Series '{measurement}' has a tag with an empty key or value.");
            if (i > 0 && _tags[i].Key == _tags[i - 1].Key)
                throw new ValidationFailedException($"Series '{measurement}' has the tag '{_tags[i].Key}' twice.");
        }
        Canonical = Format(measurement, _tags);
    }

    public string Measurement { get; }

    /// <summary>The tags, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

    /// <summary>The line-protocol form: measurement and sorted tags, escaped.</summary>
    public string Canonical { get; }

    public string? Tag(string key)
    {
        foreach (var (k, v) in _tags)
            if (k == key) return v;
        return null;
    }

    public static SeriesKey Parse(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var parts = SplitUnescaped(canonical, ',');
        var measurement = Unescape(parts[0]);
        var tags = new List<KeyValuePair<string, string>>(parts.Count - 1);
        foreach (var part in parts.Skip(1))
        {
            var pair = SplitUnescaped(part, '=');
            if (pair.Count != 2)
                throw new ValidationFailedException($"'{part}' in series '{canonical}' is not a key=value tag.");
            tags.Add(new(Unescape(pair[0]), Unescape(pair[1])));
        }
        return new SeriesKey(measurement, tags);
    }

    public bool Equals(SeriesKey? other) => other is not null && other.Canonical == Canonical;
    public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);
    public override string ToString() => Canonical;

    static string Format(string measurement, KeyValuePair<string, string>[] tags)
    {
        var text = new StringBuilder(measurement.Length + tags.Length * 16);
        Escape(text, measurement, forMeasurement: true);
        foreach (var (key, value) in tags)
        {
            text.Append(',');
            Escape(text, key, forMeasurement: false);
            text.Append('=');
            Escape(text, value, forMeasurement: false);
        }
        return text.ToString();
    }

    /// <summary>Line-protocol escaping: measurements escape commas and spaces; tag keys and values also escape '='.</summary>
    internal static void Escape(StringBuilder text, string value, bool forMeasurement)
    {
        foreach (var c in value)
        {
            if (c is ',' or ' ' || (c == '=' && !forMeasurement)) text.Append('\\');
            text.Append(c);
        }
    }

    static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] != separator) continue;
            parts.Add(text[start..i]);
            start = i + 1;
        }
        parts.Add(text[start..]);
        return parts;
    }

    static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is ',' or ' ' or '=') i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
