using System.Text.Json.Nodes;
using Lightning.Cli.Output;
using Lightning.Collaboration.Execution;

namespace Lightning.Cli.Commands;

/// <summary>
/// Follows a collaboration to its end for <c>collaborate watch</c> and <c>submit --watch</c>: one line per event over
/// the WebSocket, resuming after the last sequence seen if the connection drops, then polling if it keeps dropping.
/// Exits 0 when it succeeded, 1 when it failed, was cancelled or ran out of budget.
/// </summary>
internal sealed class CollaborationWatcher(ServerInvocation invocation)
{
    const int MaxReconnects = 3;
    static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls until the collaboration has finished, for commands that only need its end (replay and fork are quick).</summary>
    public static async Task<Api.ApiResult<CollaborationView>> UntilFinishedAsync(ServerInvocation invocation, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        while (true)
        {
            var view = await invocation.Client.GetCollaborationAsync(id, cancellationToken);
            if (view.Value.Status.IsFinished())
            {
                return view;
            }

            await Task.Delay(RetryInterval / 2, cancellationToken);
        }
    }

    public async Task<int> WatchAsync(string id, CancellationToken cancellationToken)
    {
        var events = new JsonArray();
        try
        {
            await FollowAsync(id, events, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C stops the watching, not the work: the collaboration may have many agents busy on it.
            await invocation.Error.WriteLineAsync($"error: stopped watching; collaboration {id} goes on ('lightning collaborate cancel {id}' stops it).");
            return ExitCodes.Cancelled;
        }

        var finished = await invocation.Client.GetCollaborationAsync(id, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, new JsonObject { ["collaboration"] = JsonOutput.Node(finished.Json), ["events"] = events });
        }

        var view = finished.Value;
        if (view.Status != CollaborationStatus.Succeeded)
        {
            var why = view.Error is { Length: > 0 } error ? $": {Api.ProblemText.OneLine(error)}" : ".";
            await invocation.Error.WriteLineAsync($"error: collaboration {id} ended {Formats.Kebab(view.Status)}{why}");
        }

        return CollaborationText.ExitCode(view.Status);
    }

    async Task FollowAsync(string id, JsonArray events, CancellationToken cancellationToken)
    {
        var last = 0L;
        for (var attempt = 0; attempt <= MaxReconnects; attempt++)
        {
            await foreach (var next in invocation.Client.StreamCollaborationAsync(id, last, cancellationToken))
            {
                last = next.Sequence;
                if (invocation.Json)
                {
                    events.Add(new JsonObject
                    {
                        ["sequence"] = next.Sequence,
                        ["type"] = next.Type,
                        ["at"] = next.At,
                        ["subtask"] = next.Subtask,
                        ["data"] = JsonOutput.Node(next.Data),
                    });
                }
                else
                {
                    await invocation.Output.WriteLineAsync(CollaborationText.Line(id, next));
                    await invocation.Output.FlushAsync(cancellationToken);
                }

                if (next.IsFinished)
                {
                    return;
                }
            }

            // The socket closed before the end (a proxy timeout, a server restart): pick up after the last event seen.
            await Task.Delay(RetryInterval, cancellationToken);
        }

        while (!(await invocation.Client.GetCollaborationAsync(id, cancellationToken)).Value.Status.IsFinished())
        {
            await Task.Delay(RetryInterval, cancellationToken);
        }
    }
}
