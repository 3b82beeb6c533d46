using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>
/// Label matchers as Alertmanager has them, written with the shared <see cref="TagFilter"/> (name, =, !=, =~, !~,
/// value). Regular expressions are anchored; a label an alert does not have matches as the empty string.
/// </summary>
public static class LabelMatchers
{
    static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Matches(IReadOnlyList<TagFilter> matchers, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var matcher in matchers)
        {
            if (!Matches(matcher, labels.TryGetValue(matcher.Key, out var value) ? value : string.Empty)) return false;
        }

        return true;
    }

    public static bool Matches(TagFilter matcher, string value)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        return matcher.Operator switch
        {
            TagOperator.Equal => string.Equals(value, matcher.Value, StringComparison.Ordinal),
            TagOperator.NotEqual => !string.Equals(value, matcher.Value, StringComparison.Ordinal),
            TagOperator.Matches => Pattern(matcher.Value).IsMatch(value),
            TagOperator.NotMatches => !Pattern(matcher.Value).IsMatch(value),
            _ => false,
        };
    }

    /// <summary>Adds an error per matcher without a name or with a regular expression that does not compile.</summary>
    public static void Validate(Validator validator, string field, IReadOnlyList<TagFilter>? matchers)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (matchers is null) return;
        for (var i = 0; i < matchers.Count; i++)
        {
            var matcher = matchers[i];
            if (matcher is null || string.IsNullOrWhiteSpace(matcher.Key))
            {
                validator.Add($"{field}[{i}]", "A matcher needs a label name.");
                continue;
            }

            if (matcher.Value is null)
            {
                validator.Add($"{field}[{i}]", $"The matcher on '{matcher.Key}' needs a value.");
                continue;
            }

            if (matcher.Operator is TagOperator.Matches or TagOperator.NotMatches)
            {
                try
                {
                    Pattern(matcher.Value);
                }
                catch (ArgumentException ex)
                {
                    validator.Add($"{field}[{i}]", $"'{matcher.Value}' is not a regular expression: {ex.Message}");
                }
            }
        }
    }

    static Regex Pattern(string pattern) =>
        Cache.GetOrAdd(pattern, static p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, RegexTimeout));
}
