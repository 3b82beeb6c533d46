using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Insights;

namespace Lightning.Cli.Commands;

internal sealed class GitContributorsCommand : GitLocalCommand
{
    readonly Option<DateTimeOffset?> _since = GitDateOption.Create("--since", "Only commits committed at or after DATE");

    public GitContributorsCommand(CliContext context, Option<string> path)
        : base("contributors", "Per author: commits, lines, files, reviews (Reviewed-by trailers), first and last activity", context, path)
    {
        Add(_since);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var people = await git.Service<ContributionTracker>().TrackAsync(git.Root,
            new ContributionOptions { Filter = new HistoryFilter { Since = git.Value(_since) } }, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(people);
            return ExitCodes.Ok;
        }

        if (people.Count == 0)
        {
            await git.Output.WriteLineAsync("No commits in range.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("NAME", "EMAIL", "COMMITS", "+LINES", "-LINES", "FILES", "REVIEWS", "FIRST", "LAST");
        foreach (var person in people)
        {
            table.Add(person.Name, person.Email, Formats.Number(person.Commits), Formats.Number(person.LinesAdded), Formats.Number(person.LinesRemoved),
                Formats.Number(person.FilesTouched), Formats.Number(person.Reviews), Formats.Time(person.FirstActivity), Formats.Time(person.LastActivity));
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
