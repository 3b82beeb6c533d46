using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class KeysListCommand(CliContext context)
    : ServerCommand("list", "List API keys, never their secrets (calls the server)", context)
{
    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var keys = await invocation.Client.ListKeysAsync(cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, keys.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "NAME", "ROLE", "STATE", "CREATED", "LAST USED", "CREATED BY");
        foreach (var key in keys.Value)
        {
            table.Add(key.Id, key.Name, Formats.Kebab(key.Role), key.RevokedAt is { } revoked ? $"revoked {Formats.Time(revoked)}" : "active",
                Formats.Time(key.CreatedAt), Formats.Time(key.LastUsedAt), key.CreatedBy);
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
