using System.CommandLine;
using System.Text.Json.Nodes;
using Lightning.Cli.Output;

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
        if (invocation.Value(_noWait))
        {
            if (invocation.Json)
            {
                JsonOutput.Write(invocation.Output, replay.Json);
            }
            else
            {
                await invocation.Output.WriteLineAsync(replay.Value.Id);
            }

            return ExitCodes.Ok;
        }

        var finished = await CollaborationWatcher.UntilFinishedAsync(invocation, replay.Value.Id, cancellationToken);
        var diff = await invocation.Client.DiffCollaborationsAsync(id, replay.Value.Id, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, new JsonObject { ["replay"] = JsonOutput.Node(finished.Json), ["diff"] = JsonOutput.Node(diff.Json) });
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Replayed {id} as {replay.Value.Id}: no agent or model was called.");
            CollaborationText.WriteDiff(invocation.Output, diff.Value);
        }

        return diff.Value.ResultIdentical && diff.Value.LeftStatus == diff.Value.RightStatus ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
