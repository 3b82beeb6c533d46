using System.CommandLine;
using System.CommandLine.Parsing;
using Lightning.Cli.Output;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Cli.Commands;

/// <summary>
/// The merge (or cherry-pick, revert, rebase) in progress: list its conflicts, resolve a file by one side, conclude
/// it, or abort it. One action per run, so a script always knows which one failed.
/// </summary>
internal sealed class GitConflictsCommand : GitLocalCommand
{
    readonly Option<string> _resolve = new("--resolve") { Description = "Resolve this file (relative to the repository's top level) with --ours or --theirs", HelpName = "PATH" };
    readonly Option<bool> _ours = new("--ours") { Description = "With --resolve: keep the current branch's version" };
    readonly Option<bool> _theirs = new("--theirs") { Description = "With --resolve: take the merged branch's version" };
    readonly Option<bool> _abort = new("--abort") { Description = "Stop the operation and restore HEAD, index and worktree as they were" };
    readonly Option<bool> _continue = new("--continue") { Description = "Commit once nothing is conflicted" };
    readonly Option<string> _message = new("--message", "-m") { Description = "With --continue: the commit message [default: git's]", HelpName = "MSG" };

    public GitConflictsCommand(CliContext context, Option<string> path)
        : base("conflicts", "List the conflicted files of the merge in progress; --resolve PATH --ours|--theirs, --continue or --abort", context, path, commitsAsUser: true)
    {
        Add(_resolve);
        Add(_ours);
        Add(_theirs);
        Add(_abort);
        Add(_continue);
        Add(_message);
        Validators.Add(Validate);
    }

    void Validate(CommandResult result)
    {
        var resolve = result.GetValue(_resolve) is not null;
        var actions = (resolve ? 1 : 0) + (result.GetValue(_abort) ? 1 : 0) + (result.GetValue(_continue) ? 1 : 0);
        if (actions > 1)
        {
            result.AddError("Choose one of --resolve, --continue and --abort.");
        }

        var sides = (result.GetValue(_ours) ? 1 : 0) + (result.GetValue(_theirs) ? 1 : 0);
        if (resolve && sides != 1)
        {
            result.AddError("--resolve needs exactly one of --ours and --theirs.");
        }
        else if (!resolve && sides > 0)
        {
            result.AddError("--ours and --theirs go with --resolve PATH.");
        }

        if (result.GetValue(_message) is not null && !result.GetValue(_continue))
        {
            result.AddError("-m goes with --continue.");
        }
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var merges = git.Service<GitMergeService>();
        if (git.Value(_resolve) is { } file)
        {
            var side = git.Value(_ours) ? GitResolution.Ours : GitResolution.Theirs;
            await merges.ResolveAsync(git.Root, file, side, cancellationToken);
            var left = await merges.ConflictsAsync(git.Root, cancellationToken);
            if (git.Json)
            {
                git.WriteJson(new { resolved = file, side = side.Side, remaining = left.Files.Select(conflict => conflict.Path) });
                return ExitCodes.Ok;
            }

            await git.Output.WriteLineAsync($"Resolved '{file}' with {(side == GitResolution.Ours ? "ours" : "theirs")}; "
                + (left.Files.Count == 0 ? "no conflicts left: conclude with 'lightning git conflicts --continue'." : $"{left.Files.Count} conflicted file(s) left."));
            return ExitCodes.Ok;
        }

        if (git.Value(_abort))
        {
            var aborted = await merges.AbortAsync(git.Root, cancellationToken);
            if (git.Json)
            {
                git.WriteJson(new { aborted });
                return ExitCodes.Ok;
            }

            await git.Output.WriteLineAsync($"Aborted the {Formats.Kebab(aborted)}; HEAD, index and worktree are as they were before it.");
            return ExitCodes.Ok;
        }

        if (git.Value(_continue))
        {
            var result = await merges.ContinueAsync(git.Root, git.Value(_message), cancellationToken);
            if (git.Json)
            {
                git.WriteJson(result);
            }
            else if (result.Outcome == GitApplyOutcome.Done)
            {
                await git.Output.WriteLineAsync($"Done: {string.Join(", ", result.Commits.Select(GitText.Short))}.");
            }
            else
            {
                await GitText.WriteConflictsAsync(git.Output, result.Conflicts);
            }

            return result.Outcome == GitApplyOutcome.Done
                ? ExitCodes.Ok
                : throw new CliException(ExitCodes.InvalidRequest, $"the next step stopped on conflicts in {result.Conflicts.Count} file(s); {GitText.ConflictHint}.");
        }

        var report = await merges.ConflictsAsync(git.Root, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(report);
            return ExitCodes.Ok;
        }

        if (report.Operation == GitOperation.None && report.Files.Count == 0)
        {
            await git.Output.WriteLineAsync("No merge in progress and no conflicts.");
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync(report.Files.Count == 0
            ? $"{Formats.Kebab(report.Operation)} in progress, no conflicts left: conclude with 'lightning git conflicts --continue' (or --abort)."
            : $"{Formats.Kebab(report.Operation)} in progress, {report.Files.Count} conflicted file(s):");
        if (report.Files.Count > 0)
        {
            var table = new TextTable("KIND", "PATH", "OURS", "THEIRS");
            foreach (var conflicted in report.Files)
            {
                table.Add(Formats.Kebab(conflicted.Kind), conflicted.Path, Side(conflicted.Ours), Side(conflicted.Theirs));
            }

            table.Write(git.Output);
            await git.Output.WriteLineAsync($"Resolve each with 'lightning git conflicts --resolve PATH --ours|--theirs' (or edit it and 'git add' it), then --continue.");
        }

        return ExitCodes.Ok;
    }

    static string Side(GitConflictVersion? version) =>
        version is null ? "deleted" : version.IsBinary ? "binary" : "text";
}
