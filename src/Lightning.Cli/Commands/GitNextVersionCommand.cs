using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Releases;

namespace Lightning.Cli.Commands;

internal sealed class GitNextVersionCommand : GitLocalCommand
{
    readonly Option<string> _pre = new("--pre") { Description = "A pre-release channel: rc gives 1.3.0-rc.1, then rc.2", HelpName = "CHANNEL" };
    readonly Option<string> _build = new("--build") { Description = "Build metadata (1.3.0+build.7)", HelpName = "META" };
    readonly Option<string> _package = new("--package") { Description = "A configured monorepo package (Lightning:Git:Releases:Packages)", HelpName = "NAME" };

    public GitNextVersionCommand(CliContext context, Option<string> path)
        : base("next-version", "Print the next semantic version from the Conventional Commits since the last release tag", context, path)
    {
        Add(_pre);
        Add(_build);
        Add(_package);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var plan = await git.Service<ReleasePlanner>().PlanAsync(git.Root,
            new ReleasePlanRequest(git.Value(_package), git.Value(_pre), git.Value(_build)), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(plan);
            return ExitCodes.Ok;
        }

        new DetailList()
            .Add("Current", plan.CurrentTag is null ? "none (no version tag yet)" : $"{plan.CurrentVersion} ({plan.CurrentTag})")
            .Add("Next", plan.NextVersion is null ? $"none: nothing releasable since {plan.LastReleaseTag ?? "the start"}" : $"{plan.NextVersion} ({plan.NextTag})")
            .Add("Bump", Formats.Kebab(plan.Bump))
            .Add("Commits", $"{plan.Commits.Count} since {plan.LastReleaseTag ?? "the start"}")
            .Write(git.Output);
        return ExitCodes.Ok;
    }
}
