using System.Text.RegularExpressions;

namespace Lightning.Monitoring.Dashboards;

/// <summary>Dashboard variables in a panel's tag filter: <c>host=$host</c> with <c>{"host":"web-1"}</c> reads <c>host=web-1</c>.</summary>
public static partial class DashboardVariables
{
    /// <summary>Replaces each <c>$name</c> (or <c>${name}</c>) that has a value; unknown names are left as written.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string>? values)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (values is null || values.Count == 0 || !text.Contains('$', StringComparison.Ordinal)) return text;
        return Reference().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["name"].Value;
            return values.TryGetValue(name, out var value) ? value : match.Value;
        });
    }

    public static bool IsValidName(string name) => Name().IsMatch(name);

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))", RegexOptions.ExplicitCapture)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Name();
}
