using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection;

/// <summary>Path globs as test configurations write them: <c>**</c> any directories, <c>*</c> and <c>?</c> within one name.</summary>
internal static class Glob
{
    static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Matches(string glob, string path) => Cache.GetOrAdd(glob, Compile).IsMatch(path);

    static Regex Compile(string glob)
    {
        var pattern = new StringBuilder("^");
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

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
