using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Analysis.Correlations;

/// <summary>A candidate for correlation or root cause: a measurement's field, or (field null) every numeric field of it.</summary>
public sealed record CandidateSpec(string Measurement, string? Field);

/// <summary>
/// Candidate series named in text (<c>cpu:usage_user,mem:used_percent,diskio</c>: measurement, optionally a colon and
/// a field) turned into store queries: one per field, every series of it (grouped by every tag), bucket means.
/// </summary>
public static class CandidateQueries
{
    /// <summary>The most queries a list of candidates may expand to.</summary>
    public const int MaxQueries = 50;

    public static IReadOnlyList<CandidateSpec> Parse(string? text, string parameter = "candidates")
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var specs = new List<CandidateSpec>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var measurement = colon < 0 ? part : part[..colon].Trim();
            var field = colon < 0 ? null : part[(colon + 1)..].Trim();
            if (measurement.Length == 0 || field is { Length: 0 })
                throw Invalid(parameter, $"'{part}' is not a candidate: write measurement or measurement:field, e.g. cpu:usage_user,mem.");
            specs.Add(new CandidateSpec(measurement, field));
        }
        if (specs.Count > MaxQueries) throw Invalid(parameter, $"At most {MaxQueries} candidates.");
        return specs;
    }

    /// <summary>One query per candidate field over [<paramref name="from"/>, <paramref name="to"/>), means per <paramref name="every"/>.</summary>
    public static async Task<IReadOnlyList<MetricQuery>> ExpandAsync(
        IMetricStore store, IReadOnlyList<CandidateSpec> specs, IReadOnlyList<TagFilter> where,
        DateTimeOffset from, DateTimeOffset to, TimeSpan every, CancellationToken cancellationToken, string parameter = "candidates")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(specs);
        var queries = new List<MetricQuery>();
        foreach (var spec in specs)
        {
            IEnumerable<string> fields;
            if (spec.Field is { } field)
            {
                fields = [field];
            }
            else
            {
                var series = await store.SeriesAsync(new SeriesFilter(spec.Measurement, where, 1000), cancellationToken);
                fields = series.SelectMany(s => s.Fields).Where(f => f.Value is FieldKind.Float or FieldKind.Integer)
                    .Select(f => f.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (!fields.Any()) throw Invalid(parameter, $"'{spec.Measurement}' has no numeric fields (no series matched).");
            }
            foreach (var name in fields)
            {
                queries.Add(new MetricQuery
                {
                    Measurement = spec.Measurement,
                    Field = name,
                    Where = where,
                    From = from,
                    To = to,
                    Aggregate = Aggregate.Mean,
                    Every = every,
                    GroupBy = ["*"],
                });
            }
        }
        if (queries.Count > MaxQueries)
            throw Invalid(parameter, $"The candidates expand to {queries.Count} fields; at most {MaxQueries}. Name the fields (measurement:field).");
        return queries;
    }

    static ValidationFailedException Invalid(string parameter, string message) => new(new Dictionary<string, string[]> { [parameter] = [message] });
}
