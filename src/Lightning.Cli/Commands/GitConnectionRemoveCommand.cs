using System.CommandLine;
using System.Text.Json.Nodes;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class GitConnectionRemoveCommand : GitServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The connection to remove" };

    public GitConnectionRemoveCommand(CliContext context, Option<string> path)
        : base("remove", "Remove a hosting connection and its stored token (admin key; refused while a repository uses it)", context, path)
    {
        Add(_name);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Required(_name);
        await invocation.Client.RemoveConnectionAsync(name, cancellationToken);
        if (invocation.Json)
        {
            // The API answers 204 with no body; say what happened in the same shape as other answers.
            JsonOutput.Write(invocation.Output, new JsonObject { ["name"] = name, ["removed"] = true });
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Removed connection '{name}'.");
        }

        return ExitCodes.Ok;
    }
}
