using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>collaborate replay ID</c>: re-executes a finished collaboration from its recording and says whether the result is the same.</summary>
internal sealed class CollaborateReplayCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "A finished collaboration's id (col_...)" };

    readonly Option<bool> _noWait = new("--no-wait") { Description = "Print the replay's id and return without waiting for it or comparing" };

    public CollaborateReplayCommand(CliContext context)
        : base("replay", "Re-execute a finished collaboration from its recording, calling no agent or model, and compare the results: exit 0 when identical, 1 when not (calls the server)", context)
    {
        Add(_id);
        Add(_noWait);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = invocation.Required(_id);
        var replay = await invocation.Client.ReplayCollaborationAsync(id, cancellationToken);
        var report = await CollaborationComparison.ReportAsync(invocation, id, replay, invocation.Value(_noWait), "replay",
            $"Replayed {id} as {replay.Value.Id}: no agent or model was called.", cancellationToken);
        if (report is not { Diff: var diff })
        {
            return ExitCodes.Ok;
        }

        return diff.ResultIdentical && diff.LeftStatus == diff.RightStatus ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
