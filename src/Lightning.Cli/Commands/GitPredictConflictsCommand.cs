using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Insights.Conflicts;

namespace Lightning.Cli.Commands;

/// <summary>
/// Which pairs of active branches would conflict if merged, ranked, without touching any worktree. A prediction is
/// information, not a failure: the exit code is 0 whatever it finds (use --json to act on it in a script).
/// </summary>
internal sealed class GitPredictConflictsCommand : GitLocalCommand
{
    readonly Option<bool> _remotes = new("--remotes") { Description = "Check remote-tracking branches (origin/x) too" };
    readonly Option<int?> _windowDays = NumberOption.Create("--window-days", "Only branches with a commit in the last N days [default: 90]; 0 checks every branch", "N", 0, 36_500);
    readonly Option<bool> _all = new("--all") { Description = "List clean pairs too" };

    public GitPredictConflictsCommand(CliContext context, Option<string> path)
        : base("predict-conflicts", "Predict which pairs of active branches (and each against the default branch) would conflict, and on which files", context, path)
    {
        Aliases.Add("predict");
        Add(_remotes);
        Add(_windowDays);
        Add(_all);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var days = git.Value(_windowDays) ?? 90;
        var prediction = await git.Service<ConflictPredictor>().PredictAsync(git.Root, new ConflictPredictionRequest
        {
            IncludeRemoteBranches = git.Value(_remotes),
            ActiveWithin = days == 0 ? null : TimeSpan.FromDays(days),
        }, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(prediction);
            return ExitCodes.Ok;
        }

        var conflicting = prediction.Conflicting.Count();
        await git.Output.WriteLineAsync($"{prediction.Branches.Count} active branch(es), default {prediction.DefaultBranch ?? Formats.None}: "
            + $"{prediction.Pairs.Count} pair(s) checked, {conflicting} conflicting.");
        var shown = prediction.Pairs.Where(pair => git.Value(_all) || pair.Status != BranchPairStatus.Clean).ToList();
        if (shown.Count == 0)
        {
            return ExitCodes.Ok;
        }

        var table = new TextTable("#", "OURS", "THEIRS", "STATUS", "FILES");
        var rank = 0;
        foreach (var pair in shown)
        {
            table.Add(Formats.Number(++rank), pair.Ours, pair.Theirs, Formats.Kebab(pair.Status),
                pair.Files.Count == 0 ? Formats.None : string.Join(", ", pair.Files.Select(file => $"{file.Path} ({string.Join('/', file.Kinds.Select(Formats.Kebab))})")));
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
