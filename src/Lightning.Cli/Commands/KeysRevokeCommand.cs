using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class KeysRevokeCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The key's id, as 'keys list' shows it" };

    public KeysRevokeCommand(CliContext context)
        : base("revoke", "Revoke an API key; it stops working at once (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var key = await invocation.Client.RevokeKeyAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, key.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Revoked API key {key.Value.Id} ('{key.Value.Name}').");
        }

        return ExitCodes.Ok;
    }
}
