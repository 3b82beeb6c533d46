using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>lightning git connection ...</c>: the server's GitHub and GitLab accounts (admin key to change them).</summary>
internal sealed class GitConnectionCommand : Command
{
    public GitConnectionCommand(CliContext context, Option<string> path)
        : base("connection", "Hosting connections: the GitHub and GitLab accounts the server talks to; tokens are stored encrypted (calls the server)")
    {
        Add(new GitConnectionListCommand(context, path));
        Add(new GitConnectionAddCommand(context, path));
        Add(new GitConnectionRotateCommand(context, path));
        Add(new GitConnectionRemoveCommand(context, path));
    }
}
