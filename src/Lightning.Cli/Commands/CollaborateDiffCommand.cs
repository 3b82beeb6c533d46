using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary><c>collaborate diff A B</c>: two collaborations compared subtask by subtask; exit 0 when the results are the same bytes.</summary>
internal sealed class CollaborateDiffCommand : ServerCommand
{
    readonly Argument<string> _left = new("ID") { Description = "A collaboration's id (col_...), typically the original" };

    readonly Argument<string> _right = new("OTHER") { Description = "The collaboration to compare it with, typically its replay or fork" };

    public CollaborateDiffCommand(CliContext context)
        : base("diff", "Compare two collaborations subtask by subtask: exit 0 when their results are identical, 1 when not (calls the server)", context)
    {
        Add(_left);
        Add(_right);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var diff = await invocation.Client.DiffCollaborationsAsync(invocation.Required(_left), invocation.Required(_right), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, diff.Json);
        }
        else
        {
            CollaborationText.WriteDiff(invocation.Output, diff.Value);
        }

        return diff.Value.ResultIdentical && diff.Value.LeftStatus == diff.Value.RightStatus ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
