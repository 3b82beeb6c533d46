using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Coverage.Goals;

/// <summary>Parses coverage goals and checks a report against them.</summary>
public static partial class CoverageGoals
{
    public const string InvalidGoalCode = "testing.coverage_goal_invalid";

    /// <summary>
    /// The goals of one line: <c>&lt;path glob&gt;: &lt;percent&gt;% &lt;lines|branches|functions&gt;[, ...][ per file]</c>;
    /// the metric may come first (<c>lines 80%</c>). A path without a wildcard is a file or a directory (<c>src</c>
    /// means <c>src/**</c> too).
    /// </summary>
    /// <exception cref="LightningException"><c>testing.coverage_goal_invalid</c>, with an example of the syntax.</exception>
    public static IReadOnlyList<CoverageGoal> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = GoalLine().Match(text.Trim());
        if (!match.Success)
        {
            throw Invalid(text, "it is not '<path glob>: <percent>% <lines|branches|functions>'");
        }

        var path = match.Groups["path"].Value.Trim().Replace('\\', '/');
        if (path.StartsWith('/') || path.Split('/').Contains(".."))
        {
            throw Invalid(text, "the path must be relative to the repository root");
        }

        var specs = match.Groups["specs"].Value.Trim();
        var perFile = PerFileSuffix().Match(specs);
        if (perFile.Success)
        {
            specs = specs[..perFile.Index].Trim();
        }

        var goals = new List<CoverageGoal>();
        foreach (var spec in specs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = Spec().Match(spec);
            if (!parsed.Success)
            {
                throw Invalid(text, $"'{spec}' is not '<percent>% <lines|branches|functions>'");
            }

            var minimum = double.Parse(parsed.Groups["percent"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (minimum is < 0 or > 100)
            {
                throw Invalid(text, $"{minimum}% is not between 0 and 100");
            }

            var metric = parsed.Groups["metric"].Value.ToLowerInvariant() switch
            {
                "line" or "lines" => CoverageMetric.Lines,
                "branch" or "branches" => CoverageMetric.Branches,
                _ => CoverageMetric.Functions,
            };
            goals.Add(new CoverageGoal(path, metric, minimum) { PerFile = perFile.Success });
        }

        return goals.Count > 0 ? goals : throw Invalid(text, "it names no percentage");
    }

    public static IReadOnlyList<CoverageGoal> ParseAll(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return [.. lines.Where(line => !string.IsNullOrWhiteSpace(line) && !line.TrimStart().StartsWith('#')).SelectMany(Parse)];
    }

    public static CoverageEnforcement Evaluate(CoverageReport report, IEnumerable<CoverageGoal> goals)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(goals);
        var results = goals.Select(goal => Evaluate(report, goal)).ToList();
        return new CoverageEnforcement(results.TrueForAll(result => result.Passed), results);
    }

    public static bool Matches(string glob, string path)
    {
        ArgumentNullException.ThrowIfNull(glob);
        ArgumentNullException.ThrowIfNull(path);
        var pattern = glob.TrimStart('.', '/');
        if (pattern.Length == 0 || pattern == "**")
        {
            return true;
        }

        if (pattern.EndsWith('/'))
        {
            pattern += "**";
        }

        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return path == pattern || path.StartsWith(pattern + "/", StringComparison.Ordinal);
        }

        return Glob.Matches(pattern, path);
    }

    static CoverageGoalResult Evaluate(CoverageReport report, CoverageGoal goal)
    {
        var files = report.Files.Where(file => Matches(goal.Path, file.Path)).ToList();
        var misses = new List<CoverageGoalMiss>();
        int covered = 0, total = 0;
        foreach (var file in files)
        {
            var (fileCovered, fileTotal) = file.Totals.Of(goal.Metric);
            covered += fileCovered;
            total += fileTotal;
            if (fileTotal > 0 && !Reaches(fileCovered, fileTotal, goal.Minimum))
            {
                misses.Add(new CoverageGoalMiss(file.Path, fileCovered, fileTotal, fileCovered * 100.0 / fileTotal, Needed(fileCovered, fileTotal, goal.Minimum)));
            }
        }

        misses.Sort((a, b) => b.Needed != a.Needed ? b.Needed.CompareTo(a.Needed) : string.CompareOrdinal(a.Path, b.Path));
        var metric = goal.Metric.ToString().ToLowerInvariant();
        var percent = total == 0 ? (double?)null : covered * 100.0 / total;
        var needed = total == 0 ? 0 : Needed(covered, total, goal.Minimum);
        if (files.Count == 0)
        {
            return new CoverageGoalResult(goal, false, 0, 0, 0, null, 0, [], $"{goal}: no covered file matches {goal.Path}.");
        }

        if (total == 0)
        {
            return new CoverageGoalResult(goal, true, files.Count, 0, 0, null, 0, [], $"{goal}: not measured, the {files.Count} matching files have no {metric}.");
        }

        var passed = goal.PerFile ? misses.Count == 0 : Reaches(covered, total, goal.Minimum);
        // Per file, only files with something to measure count: a file without branches neither reaches nor misses.
        var measured = files.Count(file => file.Totals.Of(goal.Metric).Total > 0);
        var unmeasured = files.Count - measured;
        var message = goal.PerFile
            ? string.Create(CultureInfo.InvariantCulture, $"{goal}: {measured - misses.Count} of {measured} files reach it{(unmeasured > 0 ? $" ({unmeasured} without {metric})" : string.Empty)}.")
            : string.Create(CultureInfo.InvariantCulture, $"{goal}: {percent:0.0}% ({covered}/{total} {metric}){(passed ? string.Empty : $", {needed} more needed")}.");
        return new CoverageGoalResult(goal, passed, files.Count, covered, total, percent, needed, misses, message);
    }

    // Exact in integers: covered/total >= minimum/100, with the minimum's decimals kept by scaling.
    static bool Reaches(int covered, int total, double minimum) => (decimal)covered * 100 >= (decimal)minimum * total;

    static int Needed(int covered, int total, double minimum) =>
        Math.Max(0, (int)Math.Ceiling((decimal)minimum * total / 100 - covered));

    static LightningException Invalid(string text, string why) =>
        new(ErrorKind.Invalid, InvalidGoalCode, $"Coverage goal '{text}' is invalid: {why} (for example 'src/**: 80% lines' or 'src/**/*.py: 70% branches per file').");

    [GeneratedRegex(@"^(?<path>[^:]+):\s*(?<specs>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoalLine();

    [GeneratedRegex(@"^(?:(?<percent>\d+(?:\.\d+)?)\s*%\s*(?<metric>lines?|branch(?:es)?|functions?)|(?<metric>lines?|branch(?:es)?|functions?)\s*(?<percent>\d+(?:\.\d+)?)\s*%)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Spec();

    [GeneratedRegex(@"\s+(?:per|each)\s+file$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PerFileSuffix();
}
