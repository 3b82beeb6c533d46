using System.CommandLine;
using Lightning.Git.Releases;

namespace Lightning.Cli.Commands;

/// <summary>Prints a changelog, or puts its newest sections on top of a changelog file (written beside it, then moved over it).</summary>
internal sealed class GitChangelogCommand : GitLocalCommand
{
    readonly Option<string> _format = new Option<string>("--format")
    {
        Description = "default (as git-cliff prints it) or keep-a-changelog",
        HelpName = "FORMAT",
        DefaultValueFactory = _ => "default",
    }.AcceptOnlyFromAmong("default", "keep-a-changelog");

    readonly Option<bool> _unreleased = new("--unreleased") { Description = "Only the work since the last release tag" };
    readonly Option<string> _package = new("--package") { Description = "A configured monorepo package (Lightning:Git:Releases:Packages)", HelpName = "NAME" };
    readonly Option<string> _tag = new("--tag") { Description = "Present the unreleased work as this release, dated today", HelpName = "TAG" };
    readonly Option<string> _output = new("--output", "-o") { Description = "Prepend to this file (relative to the repository's top level) instead of printing", HelpName = "FILE" };

    public GitChangelogCommand(CliContext context, Option<string> path)
        : base("changelog", "Print the changelog from Conventional Commits and tags, or prepend it to a file with --output", context, path)
    {
        Add(_format);
        Add(_unreleased);
        Add(_package);
        Add(_tag);
        Add(_output);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var format = git.Value(_format) == "keep-a-changelog" ? ChangelogFormat.KeepAChangelog : ChangelogFormat.Default;
        var output = git.Value(_output);
        var generator = git.Service<ChangelogGenerator>();
        // A file gets sections only: its own title stays, and Keep a Changelog's header is added to a new file.
        var request = new ChangelogRequest(git.Value(_package), format, UnreleasedOnly: git.Value(_unreleased), NextTag: git.Value(_tag), IncludeHeader: output is null);
        var changelog = await generator.GenerateAsync(git.Root, request, cancellationToken);
        if (output is null)
        {
            if (git.Json)
            {
                git.WriteJson(new { changelog });
            }
            else
            {
                await git.Output.WriteAsync(changelog);
            }

            return ExitCodes.Ok;
        }

        var file = await generator.PrependAsync(git.Root, output, changelog, format, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(new { file, changelog });
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Updated {file}.");
        return ExitCodes.Ok;
    }
}
