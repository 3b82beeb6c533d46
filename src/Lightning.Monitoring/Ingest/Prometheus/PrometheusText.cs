using System.Globalization;
using System.Text;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Ingest.Prometheus;

/// <summary>
/// The Prometheus text exposition format (version 0.0.4). The writer serves the platform's own <c>/metrics</c>; the
/// parser reads what a scrape returns into a <see cref="PointBatch"/>: each sample is a point of the measurement named
/// after the metric (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> included), labels as tags, one field <c>value</c>.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void WriteHeader(StringBuilder output, string name, string type, string? help)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!string.IsNullOrEmpty(help))
        {
            output.Append("# HELP ").Append(name).Append(' ')
                .Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public static void WriteSample(StringBuilder output, string name, IEnumerable<KeyValuePair<string, string>> labels, double value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(labels);
        output.Append(name);
        var first = true;
        foreach (var (key, text) in labels)
        {
            output.Append(first ? '{' : ',').Append(key).Append("=\"")
                .Append(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
            first = false;
        }

        if (!first) output.Append('}');
        output.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A metric or label name made valid: anything outside [a-zA-Z0-9_:] becomes '_'.</summary>
    public static string SanitizeName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var text = new StringBuilder(name.Length);
        foreach (var c in name) text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        if (char.IsAsciiDigit(text[0])) text.Insert(0, '_');
        return text.ToString();
    }

    /// <summary>
    /// Reads a scrape into the batch. Comments and blank lines are skipped; a sample without a timestamp gets
    /// <paramref name="defaultTimestampNs"/>; NaN and infinite values are kept out (no store can keep them). Returns the
    /// samples added and the lines it could not read (number and reason).
    /// </summary>
    public static (int Samples, IReadOnlyList<string> Errors) Parse(string text, PointBatch batch, long defaultTimestampNs,
        IReadOnlyList<KeyValuePair<string, string>>? extraLabels = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new List<string>();
        var samples = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            try
            {
                var (name, labels, value, timestamp) = ParseSample(line);
                if (!double.IsFinite(value)) continue;
                foreach (var extra in extraLabels ?? [])
                {
                    if (!labels.Exists(l => l.Key == extra.Key)) labels.Add(extra);
                }

                labels.RemoveAll(l => l.Value.Length == 0);
                var series = batch.AddSeries(new SeriesKey(name, labels));
                batch.Add(series, "value", timestamp is { } ms ? ms * 1_000_000 : defaultTimestampNs, FieldValue.OfFloat(value));
                samples++;
            }
            catch (FormatException error)
            {
                if (errors.Count < 100) errors.Add($"line {lineNumber}: {error.Message}");
            }
            catch (Lightning.Core.Errors.ValidationFailedException error)
            {
                if (errors.Count < 100) errors.Add($"line {lineNumber}: {error.Message}");
            }
        }

        return (samples, errors);
    }

    static (string Name, List<KeyValuePair<string, string>> Labels, double Value, long? TimestampMs) ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0) throw new FormatException("a sample must start with a metric name");
        var name = line[..i];
        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',') i++;
                if (i < line.Length && line[i] == '}') { i++; break; }
                var keyStart = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_')) i++;
                if (i == keyStart) throw new FormatException($"metric '{name}': a label name is missing or invalid");
                var key = line[keyStart..i];
                while (i < line.Length && line[i] == ' ') i++;
                if (i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"') throw new FormatException($"metric '{name}': label '{key}' needs =\"value\"");
                i += 2;
                var value = new StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                if (i >= line.Length) throw new FormatException($"metric '{name}': label '{key}' has an unterminated value");
                i++;
                labels.Add(new(key, value.ToString()));
            }
        }

        var rest = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2) throw new FormatException($"metric '{name}': expected a value and an optional timestamp");
        var number = rest[0] switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var v => throw new FormatException($"metric '{name}': '{v}' is not a number"),
        };
        long? timestamp = null;
        if (rest.Length == 2)
        {
            timestamp = long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? ms
                : throw new FormatException($"metric '{name}': '{rest[1]}' is not a timestamp in milliseconds");
        }

        return (name, labels, number, timestamp);
    }
}
