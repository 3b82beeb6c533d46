using System.CommandLine;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Cli.Commands;

/// <summary>
/// A <c>lightning git</c> command: finds the repository's top level from <c>--path</c> (or the current directory), builds
/// the git services for this one run and turns the module's <see cref="LightningException"/>s into one error line and
/// the exit code of the matching API status.
/// </summary>
internal abstract class GitLocalCommand : Command
{
    const string Local = " (runs locally; no server needed)";

    protected GitLocalCommand(string name, string description, CliContext context, Option<string> path, bool commitsAsUser = false)
        : base(name, description + Local)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(path);
        SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var git = new GitCli();
                var root = await FindRootAsync(git, parseResult.GetValue(path), cancellationToken);
                // Commands that may commit or tag do so as the user's git identity.
                (string? Name, string? Email)? identity = commitsAsUser ? await GitServices.UserIdentityAsync(git, root, cancellationToken) : null;
                await using var services = GitServices.Build(context.Console, identity);
                var invocation = new GitInvocation(parseResult, root, services, context.Console, context.IsJson(parseResult));
                return await ExecuteAsync(invocation, cancellationToken);
            }
            catch (LightningException ex)
            {
                throw new CliException(ExitCodeFor(ex.Kind), Hint(ex));
            }
            catch (OptionsValidationException ex)
            {
                throw new CliException(ExitCodes.InvalidRequest, $"invalid git configuration: {ex.Message}");
            }
        });
    }

    protected abstract Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken);

    public static int ExitCodeFor(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => ExitCodes.NotFound,
        ErrorKind.Invalid or ErrorKind.Conflict => ExitCodes.InvalidRequest,
        _ => ExitCodes.Failure,
    };

    /// <summary>The module's message, with the next step where the code alone leaves the user guessing.</summary>
    static string Hint(LightningException exception) => exception.Code switch
    {
        "git.dirty_worktree" when !exception.Message.Contains("stash", StringComparison.OrdinalIgnoreCase) =>
            $"{exception.Message} Commit or stash your changes first.",
        "git.merge_in_progress" or "git.unresolved_conflicts" =>
            $"{exception.Message} See 'lightning git conflicts'; resolve with --resolve PATH --ours|--theirs, then --continue (or --abort).",
        "git.nothing_staged" or "git.nothing_to_commit" => $"{exception.Message} Stage changes with 'git add' or pass --all.",
        _ => exception.Message,
    };

    /// <summary>
    /// The folder the services want: the work tree's top level (as <c>git rev-parse --show-toplevel</c>), or the git
    /// directory of a bare repository, where the read-only commands still work.
    /// </summary>
    static async Task<string> FindRootAsync(GitCli git, string? path, CancellationToken cancellationToken)
    {
        var start = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? Environment.CurrentDirectory : path);
        // git would fail to start in a missing folder, which would read as git not being installed.
        if (!Directory.Exists(start))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{start}' does not exist.");
        }

        var bare = await git.RunAsync(start, ["rev-parse", "--is-bare-repository"], cancellationToken);
        var question = bare.StandardOutput.Trim() == "true" ? "--absolute-git-dir" : "--show-toplevel";
        var root = await git.RunAsync(start, ["rev-parse", question], cancellationToken);
        var found = root.StandardOutput.Trim();
        if (found.Length == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{start}' is not inside a work tree.");
        }

        return Path.GetFullPath(found);
    }
}
