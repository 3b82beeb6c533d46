using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>
/// A <c>lightning git</c> command that calls the server (hosting connections, pull requests) instead of running on a
/// local repository. <c>git</c>'s <c>--path</c> is recursive, so it reaches these commands too: refused here, since a
/// server-side repository is named with <c>--repository</c>.
/// </summary>
internal abstract class GitServerCommand : ServerCommand
{
    protected GitServerCommand(string name, string description, CliContext context, Option<string> path)
        : base(name, description + " (calls the server)", context)
    {
        ArgumentNullException.ThrowIfNull(path);
        Validators.Add(result =>
        {
            if (result.GetResult(path) is not null)
            {
                result.AddError($"{path.Name} names a local repository; '{name}' calls the server, which knows repositories by name (--repository NAME).");
            }
        });
    }
}
