using System.Globalization;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Dashboards;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// A live subscription's query object — the <c>/query</c> parameters (measurement, field, where, aggregate, every,
/// groupBy, fill, limit) plus <c>window</c> (the trailing range, 5m by default), <c>offset</c> (a comparison) and
/// <c>variables</c> (values for <c>$name</c> in <c>where</c>) — read with the same rules and messages as <c>/query</c>.
/// </summary>
public sealed record LiveQuery(MetricQuery Query, TimeSpan Window, TimeSpan? Offset)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    public static LiveQuery Read(JsonElement query, DateTimeOffset now, TimeSpan maxWindow)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string name)
        {
            if (!query.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            if (value.ValueKind == JsonValueKind.Number) return value.GetRawText();
            errors[name] = [$"'{name}' must be a string."];
            return null;
        }

        TimeSpan? Duration(string name)
        {
            var text = Text(name);
            if (text is null) return null;
            try
            {
                return MetricQueryText.ParseDuration(text, name);
            }
            catch (ValidationFailedException ex)
            {
                foreach (var (key, messages) in ex.Errors) errors[key] = messages;
                return null;
            }
        }

        var window = Duration("window") ?? DefaultWindow;
        if (window > maxWindow) errors["window"] = [$"'window' is at most {MetricQueryView.Duration(maxWindow)}."];
        var offset = Duration("offset");
        int? limit = null;
        if (Text("limit") is { } limitText)
        {
            if (int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) limit = parsed;
            else errors["limit"] = [$"'{limitText}' is not a whole number."];
        }

        var where = Text("where");
        if (where is not null && query.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            var values = variables.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal);
            where = DashboardVariables.Substitute(where, values);
        }

        MetricQuery? read = null;
        try
        {
            read = MetricQueryText.ReadQuery(Text("measurement"), Text("field"), where, from: null, to: null, Text("aggregate"), Text("every"),
                Text("groupBy"), Text("fill"), limit, now, defaultFrom: "now-" + MetricQueryView.Duration(window));
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (key, messages) in ex.Errors) errors[key] = messages;
        }

        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return new LiveQuery(read!, window, offset);
    }
}
