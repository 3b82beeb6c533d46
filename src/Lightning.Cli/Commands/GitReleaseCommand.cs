using System.CommandLine;
using System.CommandLine.Parsing;
using Lightning.Cli.Output;
using Lightning.Git.Releases;

namespace Lightning.Cli.Commands;

/// <summary>
/// Cuts a release: changelog section prepended and committed, then the annotated tag. The planner undoes its steps when
/// one fails, and pushes nothing, so the command says how to publish.
/// </summary>
internal sealed class GitReleaseCommand : GitLocalCommand
{
    readonly Option<string> _pre = new("--pre") { Description = "A pre-release channel: rc gives 1.3.0-rc.1", HelpName = "CHANNEL" };
    readonly Option<string> _package = new("--package") { Description = "A configured monorepo package (Lightning:Git:Releases:Packages)", HelpName = "NAME" };
    readonly Option<string> _changelog = new("--changelog") { Description = "The changelog file to update and commit, relative to the repository's top level [default: CHANGELOG.md]", HelpName = "FILE" };
    readonly Option<bool> _noChangelog = new("--no-changelog") { Description = "Only tag; write no changelog" };

    public GitReleaseCommand(CliContext context, Option<string> path)
        : base("release", "Release the next version: update the changelog, commit it, and create the annotated tag (pushes nothing); needs a clean worktree", context, path, commitsAsUser: true)
    {
        Add(_pre);
        Add(_package);
        Add(_changelog);
        Add(_noChangelog);
        Validators.Add(result =>
        {
            if (result.GetValue(_noChangelog) && result.GetValue(_changelog) is not null)
            {
                result.AddError("--changelog and --no-changelog contradict each other: choose one.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var changelog = git.Value(_noChangelog) ? null : git.Value(_changelog) ?? "CHANGELOG.md";
        var result = await git.Service<ReleasePlanner>().ReleaseAsync(git.Root,
            new ReleaseRequest(new ReleasePlanRequest(git.Value(_package), git.Value(_pre)), changelog), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(result);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Released {result.Version}: tag '{result.Tag}' at {GitText.Short(result.CommitSha)}"
            + (result.ChangelogCommitted ? $", {result.ChangelogFile} updated and committed." : "."));
        await git.Output.WriteLineAsync($"Nothing was pushed. Publish with: git push --follow-tags (or git push origin {result.Tag}).");
        return ExitCodes.Ok;
    }
}
