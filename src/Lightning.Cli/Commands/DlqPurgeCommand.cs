using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class DlqPurgeCommand : ServerCommand
{
    readonly Argument<string?> _id = new("ID") { Description = "The dead message's id", Arity = ArgumentArity.ZeroOrOne };

    readonly Option<bool> _all = new("--all") { Description = "Delete every dead letter (needs an admin key)" };

    public DlqPurgeCommand(CliContext context)
        : base("purge", "Delete one dead letter, or every one with --all (calls the server)", context)
    {
        Add(_id);
        Add(_all);
        Validators.Add(result =>
        {
            var hasId = result.GetValue(_id) is { Length: > 0 };
            var all = result.GetValue(_all);
            if (hasId == all)
            {
                result.AddError(all ? "Give an ID or --all, not both." : "Give the ID of the dead letter to purge, or --all.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = invocation.Value(_all) ? null : invocation.Value(_id);
        var result = await invocation.Client.PurgeDeadLettersAsync(id, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync(id is null
                ? $"Purged {Formats.Number(result.Value.Purged)} dead letter{(result.Value.Purged == 1 ? string.Empty : "s")}."
                : $"Purged {id}.");
        }

        return ExitCodes.Ok;
    }
}
