using System.CommandLine;
using Lightning.Git.Releases;

namespace Lightning.Cli.Commands;

internal sealed class GitCommitMessageCommand(CliContext context, Option<string> path)
    : GitLocalCommand("commit-message", "Print a Conventional Commit message for the staged changes (an LLM writes the body when LIGHTNING_LLM_* is set); changes nothing", context, path)
{
    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var generated = await git.Service<CommitMessageGenerator>().GenerateAsync(git.Root, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(generated);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync(generated.Message);
        return ExitCodes.Ok;
    }
}
