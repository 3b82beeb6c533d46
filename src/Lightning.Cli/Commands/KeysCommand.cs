using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class KeysCommand : Command
{
    public KeysCommand(CliContext context)
        : base("keys", "Create, list and revoke API keys; needs an admin key (calls the server)")
    {
        Add(new KeysCreateCommand(context));
        Add(new KeysListCommand(context));
        Add(new KeysRevokeCommand(context));
    }
}
