using System.Globalization;
using Lightning.Git.Insights;

namespace Lightning.Cli.Output;

/// <summary>A history analysis as four short tables: hotspots, coupling, folders by bus factor, recent frequency.</summary>
internal static class GitInsightsText
{
    public static async Task WriteAsync(TextWriter writer, HistoryAnalysis analysis, int top)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Commits == 0)
        {
            await writer.WriteLineAsync("No commits in range.");
            return;
        }

        await writer.WriteLineAsync($"{analysis.Commits} commit(s) ({analysis.MergeCommits} merge(s)) from {Formats.Time(analysis.FirstCommit)} to {Formats.Time(analysis.LastCommit)}.");

        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Hotspots (commits x churn)");
        var hotspots = new TextTable("PATH", "COMMITS", "+LINES", "-LINES", "SCORE", "AUTHORS");
        foreach (var file in analysis.Hotspots.Take(top))
        {
            hotspots.Add(file.ExistsAtTip == false ? $"{file.Path} (deleted)" : file.Path, Formats.Number(file.Commits), Formats.Number(file.LinesAdded),
                Formats.Number(file.LinesRemoved), file.Score.ToString(CultureInfo.InvariantCulture), Authors(file.Authors));
        }

        hotspots.Write(writer);

        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Change coupling (files that change together)");
        if (analysis.Coupling.Count == 0)
        {
            await writer.WriteLineAsync("none above the thresholds");
        }
        else
        {
            var coupling = new TextTable("FILE A", "FILE B", "SHARED", "DEGREE");
            foreach (var pair in analysis.Coupling.Take(top))
            {
                coupling.Add(pair.FileA, pair.FileB, Formats.Number(pair.SharedCommits), Percent(pair.Degree));
            }

            coupling.Write(writer);
        }

        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Bus factor per folder (most changed first)");
        var folders = new TextTable("FOLDER", "COMMITS", "FILES", "BUS FACTOR", "AUTHORS");
        foreach (var folder in analysis.Folders.OrderByDescending(folder => folder.Commits).ThenBy(folder => folder.Path, StringComparer.Ordinal).Take(top))
        {
            folders.Add(folder.Path, Formats.Number(folder.Commits), Formats.Number(folder.Files), Formats.Number(folder.BusFactor), Authors(folder.Authors));
        }

        folders.Write(writer);

        await writer.WriteLineAsync();
        var recent = analysis.Frequency.TakeLast(top).ToList();
        await writer.WriteLineAsync($"Commit frequency (last {recent.Count} of {analysis.Frequency.Count} period(s))");
        var frequency = new TextTable("FROM", "COMMITS", "+LINES", "-LINES", "AUTHORS");
        foreach (var period in recent)
        {
            frequency.Add(period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Formats.Number(period.Commits),
                Formats.Number(period.LinesAdded), Formats.Number(period.LinesRemoved), Formats.Number(period.Authors));
        }

        frequency.Write(writer);
    }

    static string Authors(IReadOnlyList<AuthorShare> authors) =>
        string.Join(", ", authors.Take(3).Select(author => $"{author.Name} {Percent(author.Share)}")) + (authors.Count > 3 ? $", +{authors.Count - 3}" : string.Empty);

    static string Percent(double value) => value.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal);
}
