using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitBranchListCommand(CliContext context, Option<string> path)
    : GitLocalCommand("list", "List local and remote-tracking branches with ahead/behind their upstream and the default branch", context, path)
{
    protected override Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken) => ListAsync(git, cancellationToken);

    public static async Task<int> ListAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var repository = git.Service<GitRepositoryService>();
        var branches = await repository.ListBranchesAsync(git.Root, cancellationToken);
        var defaultBranch = await repository.DefaultBranchAsync(git.Root, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(new { defaultBranch, branches });
            return ExitCodes.Ok;
        }

        if (branches.Count == 0)
        {
            await git.Output.WriteLineAsync("No branches yet: make the first commit.");
            return ExitCodes.Ok;
        }

        var table = new TextTable(" ", "BRANCH", "COMMIT", "UPSTREAM", "VS UPSTREAM", $"VS {defaultBranch ?? "DEFAULT"}");
        foreach (var branch in branches)
        {
            var isDefault = !branch.IsRemote && string.Equals(branch.Name, defaultBranch, StringComparison.Ordinal);
            table.Add(branch.IsCurrent ? "*" : string.Empty,
                isDefault ? $"{branch.Name} (default)" : branch.Name,
                GitText.Short(branch.Sha),
                branch.Upstream ?? Formats.None,
                branch.Upstream is null ? Formats.None : GitText.AheadBehind(branch.AheadOfUpstream, branch.BehindUpstream),
                isDefault ? Formats.None : GitText.AheadBehind(branch.AheadOfDefault, branch.BehindDefault));
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
