using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection;

/// <summary>Path globs as test configurations write them: <c>**</c> any directories, <c>*</c> and <c>?</c> within one name, classes and extended patterns (<see cref="Translate"/>).</summary>
internal static class Glob
{
    static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Matches(string glob, string path) => Cache.GetOrAdd(glob, Compile).IsMatch(path);

    static Regex Compile(string glob) =>
        new("^" + Translate(glob) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The regular expression of a glob: <c>**/</c>, <c>**</c>, <c>*</c>, <c>?</c>, character classes (<c>[jt]</c>,
    /// <c>[!x]</c>) and the extended patterns Jest's defaults use (<c>?(x)</c>, <c>*(x)</c>, <c>+(a|b)</c>, <c>@(a|b)</c>).
    /// </summary>
    static string Translate(string glob)
    {
        var pattern = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            if (string.CompareOrdinal(glob, i, "**/", 0, 3) == 0)
            {
                pattern.Append("(?:.*/)?");
                i += 2;
            }
            else if (string.CompareOrdinal(glob, i, "**", 0, 2) == 0)
            {
                pattern.Append(".*");
                i++;
            }
            else if ("?*+@".Contains(glob[i], StringComparison.Ordinal) && i + 1 < glob.Length && glob[i + 1] == '(' && Closing(glob, i + 1) is { } close)
            {
                var alternatives = Split(glob[(i + 2)..close]).Select(Translate);
                pattern.Append("(?:").AppendJoin('|', alternatives).Append(')').Append(glob[i] switch { '?' => "?", '*' => "*", '+' => "+", _ => string.Empty });
                i = close;
            }
            else if (glob[i] == '[' && glob.IndexOf(']', i + 1) is var end and > 0)
            {
                var members = glob[(i + 1)..end];
                pattern.Append('[').Append(members.StartsWith('!') ? "^" + Regex.Escape(members[1..]) : Regex.Escape(members)).Append(']');
                i = end;
            }
            else
            {
                pattern.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        return pattern.ToString();
    }

    static int? Closing(string glob, int open)
    {
        var depth = 0;
        for (var i = open; i < glob.Length; i++)
        {
            depth += glob[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The alternatives of an extended pattern, split at top-level <c>|</c>.</summary>
    static List<string> Split(string body)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (body[i] == '|' && depth == 0)
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }

        parts.Add(body[start..]);
        return parts;
    }
}
