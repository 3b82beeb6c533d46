using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary><c>collaborate approve</c> and <c>collaborate reject</c>: the decision at a subtask's approval gate.</summary>
internal abstract class CollaborateDecisionCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The collaboration's id (col_...)" };

    readonly Argument<string> _subtask = new("SUBTASK") { Description = "The id of the subtask waiting for approval" };

    readonly Option<string> _comment = new("--comment") { Description = "Why, kept in the collaboration's event log", HelpName = "TEXT" };

    readonly bool _approve;

    protected CollaborateDecisionCommand(CliContext context, bool approve)
        : base(approve ? "approve" : "reject",
            approve
                ? "Approve a subtask waiting at its approval gate, so it runs (calls the server)"
                : "Reject a subtask waiting at its approval gate: it fails, with its onFailure policy (calls the server)",
            context)
    {
        _approve = approve;
        Add(_id);
        Add(_subtask);
        Add(_comment);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var subtask = invocation.Required(_subtask);
        var view = await invocation.Client.DecideSubtaskAsync(invocation.Required(_id), subtask, _approve, invocation.Value(_comment), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, view.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync(
                $"Subtask {subtask} of {view.Value.Id} {(_approve ? "approved" : "rejected")} (collaboration: {Formats.Kebab(view.Value.Status)}).");
        }

        return ExitCodes.Ok;
    }
}
