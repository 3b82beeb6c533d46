using System.Globalization;
using System.Net;
using System.Text;
using Lightning.Testing.Coverage.Sources;
using Lightning.Testing.Coverage.Suggestions;

namespace Lightning.Testing.Coverage.Reports;

/// <summary>
/// Writes a coverage report as one self-contained HTML page: no script, no external file, so it can be archived,
/// mailed or served as is. Totals at the top, then goal results and improvement suggestions, a file tree with each
/// directory's and file's line coverage, and one source view per file (shown when its link is followed, through
/// CSS <c>:target</c>) with every line's hits and branches and the uncovered lines highlighted. Sources are read from
/// the repository (<see cref="RepositorySources"/>); a file whose source is missing shows its measured lines alone.
/// </summary>
public sealed class CoverageHtmlWriter
{
    const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
        header{padding:16px 24px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
        h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:16px 0 8px}
        .totals span{margin-right:24px}.muted{color:#656d76}
        .layout{display:flex;align-items:flex-start}
        nav{width:34%;min-width:280px;max-height:100vh;overflow:auto;position:sticky;top:0;padding:8px 16px;border-right:1px solid #d0d7de;box-sizing:border-box}
        main{flex:1;padding:8px 24px;min-width:0}
        nav ul{list-style:none;margin:0;padding-left:14px}nav>ul{padding-left:0}
        nav li{margin:2px 0;white-space:nowrap}nav summary{cursor:pointer}
        .pct{display:inline-block;width:56px;text-align:right;font-variant-numeric:tabular-nums;margin-right:6px}
        .bar{display:inline-block;width:60px;height:8px;background:#ffebe9;border-radius:4px;vertical-align:middle;margin-right:6px;overflow:hidden}
        .bar>span{display:block;height:100%;background:#2da44e}
        .low{color:#cf222e}.mid{color:#9a6700}.high{color:#1a7f37}
        table{border-collapse:collapse}th,td{padding:2px 8px;text-align:left;vertical-align:top}
        .list td,.list th{border-bottom:1px solid #eaeef2}
        .file{display:none}.file:target,.file:has(:target){display:block}
        .hint{color:#656d76;padding:24px 0}.file:target~.hint{display:none}
        .source{font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;width:100%}
        .source td{padding:0 8px;white-space:pre}.source .num,.source .hits,.source .br{color:#656d76;text-align:right;user-select:none}
        .source .code{width:100%}
        tr.hit .hits{background:#dafbe1}tr.miss{background:#ffebe9}tr.miss .hits{color:#cf222e;font-weight:600}
        tr.partial{background:#fff8c5}
        .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
        """;

    public static async Task WriteAsync(CoverageReport report, RepositorySources? sources, Stream stream, CancellationToken cancellationToken, CoverageHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CoverageHtmlOptions();
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var totals = report.Totals;
        await writer.WriteAsync($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{E(options.Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        await writer.WriteAsync($"<header><h1>{E(options.Title)}</h1><div class=\"totals\">{Total("Lines", totals.LinesCovered, totals.LinesTotal)}{Total("Branches", totals.BranchesCovered, totals.BranchesTotal)}{Total("Functions", totals.FunctionsCovered, totals.FunctionsTotal)}<span class=\"muted\">{report.Files.Count} files</span></div>");
        if (report.Origins.Count > 0)
        {
            await writer.WriteAsync($"<div class=\"muted\">From {E(string.Join(", ", report.Origins.Select(origin => origin.Tool is null ? $"{origin.Source} ({origin.Format})" : $"{origin.Source} ({origin.Tool})")))}</div>");
        }

        await writer.WriteAsync("</header>\n<div class=\"layout\">\n<nav aria-label=\"Files\">\n");
        var fileIds = report.Files.Select((file, index) => (file.Path, Id: $"file-{index}")).ToDictionary(pair => pair.Path, pair => pair.Id, StringComparer.Ordinal);
        await writer.WriteAsync(Tree(report, fileIds));
        await writer.WriteAsync("</nav>\n<main>\n");
        await writer.WriteAsync(Goals(options, fileIds));
        await writer.WriteAsync(SuggestionList(report, options, fileIds));
        for (var index = 0; index < report.Files.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = report.Files[index];
            var source = sources is null ? null : await sources.ReadAsync(file.Path, cancellationToken);
            await writer.WriteAsync(FileSection(file, $"file-{index}", source));
        }

        await writer.WriteAsync("<p class=\"hint\">Choose a file in the tree to see its source with the lines no test ran highlighted.</p>\n</main>\n</div>\n</body>\n</html>\n");
    }

    static string Total(string label, int covered, int total) =>
        total == 0 ? $"<span>{label}: <span class=\"muted\">none measured</span></span>"
            : $"<span>{label}: <strong class=\"{Level(covered * 100.0 / total)}\">{Percent(covered, total)}</strong> <span class=\"muted\">({covered}/{total})</span></span>";

    static string Tree(CoverageReport report, Dictionary<string, string> fileIds)
    {
        var root = new DirectoryNode(string.Empty);
        foreach (var file in report.Files)
        {
            var node = root;
            var parts = file.Path.Split('/');
            foreach (var part in parts[..^1])
            {
                node = node.Directories.TryGetValue(part, out var child) ? child : node.Directories[part] = new DirectoryNode(part);
            }

            node.Files.Add(file);
        }

        var html = new StringBuilder("<ul>");
        Render(root, html, fileIds, isRoot: true);
        return html.Append("</ul>\n").ToString();
    }

    static void Render(DirectoryNode node, StringBuilder html, Dictionary<string, string> fileIds, bool isRoot)
    {
        if (!isRoot)
        {
            // A directory with a single subdirectory and no files is shown as one "a/b" entry, as code hosts do.
            var name = node.Name;
            while (node.Files.Count == 0 && node.Directories.Count == 1)
            {
                node = node.Directories.Values.Single();
                name += "/" + node.Name;
            }

            var totals = node.Totals();
            html.Append(CultureInfo.InvariantCulture, $"<li><details open><summary>{Bar(totals.LinesCovered, totals.LinesTotal)}{E(name)}/</summary><ul>");
        }

        foreach (var directory in node.Directories.Values)
        {
            Render(directory, html, fileIds, isRoot: false);
        }

        foreach (var file in node.Files)
        {
            var totals = file.Totals;
            html.Append(CultureInfo.InvariantCulture, $"<li>{Bar(totals.LinesCovered, totals.LinesTotal)}<a href=\"#{fileIds[file.Path]}\">{E(file.Path[(file.Path.LastIndexOf('/') + 1)..])}</a></li>");
        }

        if (!isRoot)
        {
            html.Append("</ul></details></li>");
        }
    }

    static string Goals(CoverageHtmlOptions options, Dictionary<string, string> fileIds)
    {
        if (options.Enforcement is not { Goals.Count: > 0 } enforcement)
        {
            return string.Empty;
        }

        var html = new StringBuilder($"<section id=\"goals\"><h2>Goals: <span class=\"{(enforcement.Passed ? "pass" : "fail")}\">{(enforcement.Passed ? "all met" : "missed")}</span></h2><table class=\"list\"><tr><th>Goal</th><th>Result</th><th>Files below the goal</th></tr>");
        foreach (var goal in enforcement.Goals)
        {
            var misses = string.Join(", ", goal.Missed.Take(10).Select(miss =>
                $"<a href=\"#{fileIds.GetValueOrDefault(miss.Path)}\">{E(miss.Path)}</a> {miss.Percent.ToString("0.0", CultureInfo.InvariantCulture)}%"));
            if (goal.Missed.Count > 10)
            {
                misses += $", and {goal.Missed.Count - 10} more";
            }

            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(goal.Goal.ToString())}</td><td><span class=\"{(goal.Passed ? "pass" : "fail")}\">{(goal.Passed ? "passed" : "failed")}</span> {E(goal.Message)}</td><td>{misses}</td></tr>");
        }

        return html.Append("</table></section>\n").ToString();
    }

    static string SuggestionList(CoverageReport report, CoverageHtmlOptions options, Dictionary<string, string> fileIds)
    {
        if (options.Suggestions <= 0)
        {
            return string.Empty;
        }

        var suggestions = CoverageSuggestions.Rank(report, options.Suggestions);
        if (suggestions.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<section id=\"suggestions\"><h2>Where tests would add most</h2><table class=\"list\"><tr><th>Function</th><th>File</th><th>Missed lines</th><th>Missed branches</th><th>Gain</th></tr>");
        foreach (var suggestion in suggestions)
        {
            var id = fileIds.GetValueOrDefault(suggestion.Path);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(suggestion.Function)}{(suggestion.NeverCalled ? " <span class=\"fail\">never called</span>" : string.Empty)}</td><td><a href=\"#{id}-L{suggestion.Line}\">{E(suggestion.Path)}:{suggestion.Line}</a></td><td>{suggestion.MissedLines}</td><td>{suggestion.MissedBranches}</td><td>+{suggestion.LineGain:0.0} pts lines</td></tr>");
        }

        return html.Append("</table></section>\n").ToString();
    }

    static string FileSection(FileCoverage file, string id, string? source)
    {
        var totals = file.Totals;
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<section class=\"file\" id=\"{id}\"><h2>{E(file.Path)}</h2><div class=\"totals\">{Total("Lines", totals.LinesCovered, totals.LinesTotal)}{Total("Branches", totals.BranchesCovered, totals.BranchesTotal)}{Total("Functions", totals.FunctionsCovered, totals.FunctionsTotal)}</div>"));
        if (source is null)
        {
            html.Append("<p class=\"muted\">The source is not in the repository; only the measured lines are shown.</p>");
        }

        html.Append("<table class=\"source\">");
        if (source is not null)
        {
            var lines = RepositorySources.Lines(source);
            for (var i = 0; i < lines.Length; i++)
            {
                // A last empty line is the file's final line break, not a line.
                if (i == lines.Length - 1 && lines[i].Length == 0)
                {
                    break;
                }

                SourceRow(html, id, i + 1, lines[i], file.Line(i + 1));
            }
        }
        else
        {
            foreach (var line in file.Lines)
            {
                SourceRow(html, id, line.Number, string.Empty, line);
            }
        }

        return html.Append("</table></section>\n").ToString();
    }

    static void SourceRow(StringBuilder html, string id, int number, string code, LineCoverage? line)
    {
        var state = line is null ? string.Empty : !line.Covered ? " class=\"miss\"" : line.PartiallyCovered ? " class=\"partial\"" : " class=\"hit\"";
        var hits = line is null ? string.Empty : line.Hits.ToString(CultureInfo.InvariantCulture);
        var branches = line is { BranchesTotal: > 0 } ? $"{line.BranchesCovered}/{line.BranchesTotal}" : string.Empty;
        var title = line is { BranchesTotal: > 0 } ? $" title=\"{line.BranchesCovered} of {line.BranchesTotal} branches taken\"" : string.Empty;
        html.Append(CultureInfo.InvariantCulture, $"<tr{state}><td class=\"num\" id=\"{id}-L{number}\">{number}</td><td class=\"hits\">{hits}</td><td class=\"br\"{title}>{branches}</td><td class=\"code\">{E(code)}</td></tr>");
    }

    static string Bar(int covered, int total)
    {
        if (total == 0)
        {
            return "<span class=\"pct muted\">n/a</span><span class=\"bar\"></span>";
        }

        var percent = covered * 100.0 / total;
        return string.Create(CultureInfo.InvariantCulture, $"<span class=\"pct {Level(percent)}\">{Percent(covered, total)}</span><span class=\"bar\" title=\"{covered}/{total} lines\"><span style=\"width:{percent:0.#}%\"></span></span>");
    }

    static string Percent(int covered, int total) => (covered * 100.0 / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    static string Level(double percent) => percent >= 80 ? "high" : percent >= 50 ? "mid" : "low";

    static string E(string text) => WebUtility.HtmlEncode(text);

    sealed class DirectoryNode(string name)
    {
        public string Name { get; } = name;

        public SortedDictionary<string, DirectoryNode> Directories { get; } = new(StringComparer.Ordinal);

        public List<FileCoverage> Files { get; } = [];

        public CoverageTotals Totals() =>
            CoverageTotals.Sum(Files.Select(file => file.Totals).Concat(Directories.Values.Select(directory => directory.Totals())));
    }
}
