using System.Globalization;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>What a failed dotnet build said went wrong: its compiler and MSBuild errors, for a listing's or a run's message.</summary>
internal static partial class DotnetBuildErrors
{
    /// <summary>The most errors shown (the first ones: later errors often follow from them).</summary>
    public const int Max = 5;

    /// <summary>
    /// The errors of a failed build in MSBuild's canonical format (<c>Calc.cs(3,5): error CS1002: ; expected
    /// [/src/X.csproj]</c>, <c>MSBUILD : error MSB1009: ...</c>, <c>X.csproj : error NU1101: ...</c>): the end of a build's
    /// output is its summary ("Build FAILED.", counts, time), which says nothing about what failed. MSBuild prints each
    /// error twice (as it happens and in the summary), so they are deduplicated; the project suffix is dropped and
    /// paths inside <paramref name="directory"/> are made relative; at most <see cref="Max"/>, with how many more.
    /// </summary>
    public static List<string> Read(string output, string directory)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            if (BuildError().Match(line.TrimEnd('\r')) is not { Success: true } match)
            {
                continue;
            }

            var origin = match.Groups["origin"].Value.Trim();
            if (Path.IsPathRooted(origin) && Path.GetRelativePath(directory, origin) is var relative && !relative.StartsWith("..", StringComparison.Ordinal))
            {
                origin = relative;
            }

            var error = $"{(origin.Length > 0 ? origin + match.Groups["position"].Value + ": " : string.Empty)}error {match.Groups["code"].Value}: {match.Groups["text"].Value.Trim()}";
            if (seen.Add(error) && errors.Count < Max)
            {
                errors.Add(error);
            }
        }

        if (seen.Count > errors.Count)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"... and {seen.Count - errors.Count} more"));
        }

        return errors;
    }

    // origin[(line,column)] : [subcategory] error CODE : text [project]
    [GeneratedRegex(@"^\s*(?<origin>.*?)(?<position>\(\d+(?:,\d+){0,3}\))?\s*:\s*(?:[\w ]+\s)?error\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<text>.*?)(?:\s+\[[^\]]+\])?\s*$")]
    private static partial Regex BuildError();
}
