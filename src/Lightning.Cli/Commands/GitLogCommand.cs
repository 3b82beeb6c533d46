using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>git log</c>. The file filter is <c>--file</c> because <c>--path</c> names the repository for every git command.
/// </summary>
internal sealed class GitLogCommand : GitLocalCommand
{
    readonly Argument<string> _revision = new("REVISION")
    {
        Description = "A branch, tag, commit or range a..b [default: HEAD]",
        Arity = ArgumentArity.ZeroOrOne,
    };

    readonly Option<int?> _limit = NumberOption.Create("--limit", "At most N commits [default: 20]", "N", 1, 1_000_000);
    readonly Option<string[]> _files = new("--file") { Description = "Only commits that change this file or folder, relative to the repository's top level (repeat)", HelpName = "PATH" };
    readonly Option<string> _author = new("--author") { Description = "Only commits whose 'Name <email>' contains TEXT (case-sensitive)", HelpName = "TEXT" };
    readonly Option<string> _grep = new("--grep") { Description = "Only commits with a message line containing TEXT (case-sensitive)", HelpName = "TEXT" };
    readonly Option<DateTimeOffset?> _since = GitDateOption.Create("--since", "Only commits committed at or after DATE");
    readonly Option<DateTimeOffset?> _until = GitDateOption.Create("--until", "Only commits committed at or before DATE");

    public GitLogCommand(CliContext context, Option<string> path)
        : base("log", "List commits, newest first, filtered by file, author, message or date", context, path)
    {
        Add(_revision);
        Add(_limit);
        Add(_files);
        Add(_author);
        Add(_grep);
        Add(_since);
        Add(_until);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var query = new GitLogQuery
        {
            Revision = git.Value(_revision),
            Paths = git.Value(_files) is { Length: > 0 } files ? files : null,
            Author = git.Value(_author),
            Grep = git.Value(_grep),
            Since = git.Value(_since),
            Until = git.Value(_until),
            MaxCount = git.Value(_limit) ?? 20,
        };
        var commits = await git.Service<GitRepositoryService>().LogAsync(git.Root, query, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(commits);
            return ExitCodes.Ok;
        }

        if (commits.Count == 0)
        {
            await git.Output.WriteLineAsync("No commits.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("COMMIT", "DATE", "AUTHOR", "SUBJECT");
        foreach (var commit in commits)
        {
            table.Add(GitText.Short(commit.Sha), Formats.Time(commit.AuthorWhen), commit.AuthorName, commit.Subject);
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
