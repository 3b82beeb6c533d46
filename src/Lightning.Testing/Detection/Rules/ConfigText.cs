using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>Just enough reading of INI and TOML files for detection: a section's body and a key's list of values.</summary>
internal static partial class ConfigText
{
    /// <summary>The lines of <c>[name]</c> up to the next section header, or null when there is no such section.</summary>
    public static string? Section(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.Equals(lines[i].Trim(), "[" + name + "]", StringComparison.Ordinal))
            {
                var body = new List<string>();
                for (var j = i + 1; j < lines.Length && !SectionHeader().IsMatch(lines[j]); j++)
                {
                    body.Add(lines[j]);
                }

                return string.Join('\n', body);
            }
        }

        return null;
    }

    /// <summary>
    /// The values of <c>key = a b</c> (INI, continuation lines indented) or <c>key = ["a", "b"]</c> (TOML, possibly over
    /// several lines) in a section body; empty when the key is absent.
    /// </summary>
    public static IReadOnlyList<string> Values(string? section, string key)
    {
        if (section is null)
        {
            return [];
        }

        var lines = section.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = KeyLine().Match(lines[i]);
            if (!match.Success || !string.Equals(match.Groups["key"].Value, key, StringComparison.Ordinal))
            {
                continue;
            }

            var value = match.Groups["value"].Value;
            var array = value.TrimStart().StartsWith('[');
            for (var j = i + 1; j < lines.Length; j++)
            {
                var next = lines[j];
                var continues = array ? !value.Contains(']', StringComparison.Ordinal) : next.Length > 0 && char.IsWhiteSpace(next[0]) && next.Trim().Length > 0;
                if (!continues)
                {
                    break;
                }

                value += " " + next;
            }

            return [.. Token().Matches(value.Split('#')[0]).Select(token => token.Value.Trim('"', '\'')).Where(token => token.Length > 0)];
        }

        return [];
    }

    [GeneratedRegex(@"^\s*\[[^\]]+\]\s*$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_.\-]+)\s*[=:]\s*(?<value>.*)$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|[^\s,\[\]""']+")]
    private static partial Regex Token();
}
