using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Auth;

namespace Lightning.Cli.Commands;

internal sealed class KeysCreateCommand : ServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "Who or what the key is for" };

    readonly Option<string> _role = new("--role")
    {
        Description = "viewer reads; operator also runs actions and manages agents; admin also manages keys",
        Required = true,
    };

    public KeysCreateCommand(CliContext context)
        : base("create", "Create an API key and print it; it is shown this once (calls the server)", context)
    {
        _role.AcceptOnlyFromAmong("viewer", "operator", "admin");
        Add(_name);
        Add(_role);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var role = Enum.Parse<ApiKeyRole>(invocation.Value(_role)!, ignoreCase: true);
        var created = await invocation.Client.CreateKeyAsync(invocation.Required(_name), role, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, created.Json);
            return ExitCodes.Ok;
        }

        var key = created.Value.ApiKey;
        await invocation.Output.WriteLineAsync($"Created API key '{key.Name}' (id {key.Id}, role {Formats.Kebab(key.Role)}).");
        await invocation.Output.WriteLineAsync("Store it now; it is not shown again:");
        await invocation.Output.WriteLineAsync();
        await invocation.Output.WriteLineAsync($"  {created.Value.Key}");
        await invocation.Output.WriteLineAsync();
        return ExitCodes.Ok;
    }
}
