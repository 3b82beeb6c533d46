using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Insights;

namespace Lightning.Cli.Commands;

internal sealed class GitInsightsCommand : GitLocalCommand
{
    readonly Option<DateTimeOffset?> _since = GitDateOption.Create("--since", "Only commits committed at or after DATE");
    readonly Option<int?> _top = NumberOption.Create("--top", "Rows per section [default: 10]", "N", 1, 10_000);
    readonly Option<string> _bucket = new Option<string>("--bucket")
    {
        Description = "Commit frequency per day, week or month",
        HelpName = "SIZE",
        DefaultValueFactory = _ => "week",
    }.AcceptOnlyFromAmong("day", "week", "month");

    public GitInsightsCommand(CliContext context, Option<string> path)
        : base("insights", "Hotspots, change coupling, bus factor per folder and commit frequency from the history", context, path)
    {
        Add(_since);
        Add(_top);
        Add(_bucket);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var top = git.Value(_top) ?? 10;
        var bucket = git.Value(_bucket) switch { "day" => FrequencyBucket.Day, "month" => FrequencyBucket.Month, _ => FrequencyBucket.Week };
        var analysis = await git.Service<HistoryAnalyzer>().AnalyzeAsync(git.Root, new HistoryAnalysisOptions
        {
            Filter = new HistoryFilter { Since = git.Value(_since) },
            MaxHotspots = top,
            MaxCouplings = top,
            Bucket = bucket,
        }, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(analysis);
            return ExitCodes.Ok;
        }

        await GitInsightsText.WriteAsync(git.Output, analysis, top);
        return ExitCodes.Ok;
    }
}
