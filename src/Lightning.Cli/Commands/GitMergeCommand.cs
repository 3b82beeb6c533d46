using System.CommandLine;
using System.CommandLine.Parsing;
using Lightning.Cli.Output;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Cli.Commands;

/// <summary>
/// Merges into the checked-out branch. A merge that stops on conflicts is left in progress for <c>git conflicts</c>;
/// the command lists the files and exits 6, since the branch did not move.
/// </summary>
internal sealed class GitMergeCommand : GitLocalCommand
{
    readonly Argument<string> _source = new("SOURCE") { Description = "The branch, tag or commit to merge" };
    readonly Option<bool> _ffOnly = new("--ff-only") { Description = "Only fast-forward; refuse anything else" };
    readonly Option<bool> _noFf = new("--no-ff") { Description = "Always make a merge commit" };
    readonly Option<string> _message = new("--message", "-m") { Description = "The merge commit's message [default: git's 'Merge branch ...']", HelpName = "MSG" };

    public GitMergeCommand(CliContext context, Option<string> path)
        : base("merge", "Merge a branch, tag or commit into the current branch (fast-forward when possible); needs a clean worktree", context, path, commitsAsUser: true)
    {
        Add(_source);
        Add(_ffOnly);
        Add(_noFf);
        Add(_message);
        Validators.Add(Validate);
    }

    void Validate(CommandResult result)
    {
        if (result.GetValue(_ffOnly) && result.GetValue(_noFf))
        {
            result.AddError("--ff-only and --no-ff contradict each other: choose one.");
        }

        if (result.GetValue(_message) is { } message && string.IsNullOrWhiteSpace(message))
        {
            result.AddError("-m needs a message that is not empty.");
        }
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var source = git.Required(_source);
        var mode = git.Value(_ffOnly) ? GitMergeMode.FastForwardOnly : git.Value(_noFf) ? GitMergeMode.NoFastForward : GitMergeMode.Auto;
        var result = await git.Service<GitMergeService>().MergeAsync(git.Root,
            new GitMergeRequest { Source = source, Mode = mode, Message = git.Value(_message) }, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(result);
        }
        else
        {
            switch (result.Outcome)
            {
                case GitMergeOutcome.UpToDate:
                    await git.Output.WriteLineAsync("Already up to date.");
                    break;
                case GitMergeOutcome.FastForwarded:
                    await git.Output.WriteLineAsync($"Fast-forwarded to {GitText.Short(result.Head)}.");
                    break;
                case GitMergeOutcome.Merged:
                    await git.Output.WriteLineAsync($"Merged '{source}': {GitText.Short(result.Head)}.");
                    break;
                default:
                    await GitText.WriteConflictsAsync(git.Output, result.Conflicts);
                    break;
            }
        }

        if (result.Outcome == GitMergeOutcome.Conflicted)
        {
            throw new CliException(ExitCodes.InvalidRequest,
                $"merging '{source}' stopped on conflicts in {result.Conflicts.Count} file(s); {GitText.ConflictHint}.");
        }

        return ExitCodes.Ok;
    }
}
