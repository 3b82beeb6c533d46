using System.Text.Json.Nodes;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Replay;

namespace Lightning.Cli.Commands;

/// <summary>
/// The end of <c>collaborate replay</c> and <c>fork</c>: with <c>--no-wait</c> print the new collaboration; otherwise wait
/// for it, compare it with the original and print both (text, or one JSON document under <paramref name="jsonKey"/>).
/// </summary>
internal static class CollaborationComparison
{
    /// <returns>The finished collaboration and the comparison, or null when not waiting.</returns>
    public static async Task<(CollaborationView Finished, CollaborationDiff Diff)?> ReportAsync(
        ServerInvocation invocation, string original, ApiResult<CollaborationView> started, bool noWait, string jsonKey, string headline,
        CancellationToken cancellationToken)
    {
        if (noWait)
        {
            if (invocation.Json)
            {
                JsonOutput.Write(invocation.Output, started.Json);
            }
            else
            {
                await invocation.Output.WriteLineAsync(started.Value.Id);
            }

            return null;
        }

        var finished = await CollaborationWatcher.UntilFinishedAsync(invocation, started.Value.Id, cancellationToken);
        var diff = await invocation.Client.DiffCollaborationsAsync(original, started.Value.Id, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, new JsonObject { [jsonKey] = JsonOutput.Node(finished.Json), ["diff"] = JsonOutput.Node(diff.Json) });
        }
        else
        {
            await invocation.Output.WriteLineAsync(headline);
            CollaborationText.WriteDiff(invocation.Output, diff.Value);
        }

        return (finished.Value, diff.Value);
    }
}
