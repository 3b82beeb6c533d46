using System.Globalization;
using System.Text.RegularExpressions;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>
/// Fills an annotation: <c>{{ $value }}</c> (the value that breached), <c>{{ $labels.NAME }}</c>, <c>{{ $rule }}</c>.
/// Anything else between braces is left as written, so a typo shows in the message instead of vanishing.
/// </summary>
public static partial class AnnotationTemplate
{
    [GeneratedRegex(@"\{\{\s*\$(?<name>value|rule|labels\.(?<label>[A-Za-z_][A-Za-z0-9_]*))\s*\}\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 200)]
    private static partial Regex Placeholder();

    public static string Render(string template, double? value, IReadOnlyDictionary<string, string> labels, string rule)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(labels);
        return Placeholder().Replace(template, match => match.Groups["name"].Value switch
        {
            "value" => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a",
            "rule" => rule,
            _ => labels.TryGetValue(match.Groups["label"].Value, out var label) ? label : string.Empty,
        });
    }

    public static IReadOnlyDictionary<string, string> RenderAll(IReadOnlyDictionary<string, string> templates, double? value, IReadOnlyDictionary<string, string> labels, string rule) =>
        templates.ToDictionary(pair => pair.Key, pair => Render(pair.Value, value, labels, rule), StringComparer.Ordinal);
}
