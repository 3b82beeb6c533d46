using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Patterns;

/// <summary>
/// Hierarchical collaboration: <c>collaboration {task}</c> submits <c>task</c> (a complex task: plan, template or
/// description) as a child collaboration, titled <c>↳ parent title: child title</c>, records the link (a <c>request</c>
/// to <c>collaboration:CHILD</c> in the parent's log), waits for it
/// and returns <c>{collaboration, title, status, result}</c>; a child that fails fails the subtask with its error, for
/// good. The child is found again by the subtask's idempotency key, so a retry or a resume after a crash follows the
/// same child instead of starting another. When the parent stops (cancelled, failed) or the subtask times out, the
/// child is cancelled; when the server stops, it is left to resume with it.
/// </summary>
/// <remarks>
/// The parent resolves <c>${inputs.x}</c> and <c>${outputs.x}</c> in the whole input, the child task included, before
/// the tool runs; references meant for the child are written <c>${{outputs.x}}</c> and become <c>${outputs.x}</c> in it.
/// </remarks>
public sealed partial class CollaborationTool(BlackboardStore store, IServiceProvider services, TimeProvider time) : IAgentTool
{
    public string Name => "collaboration";

    public string Description =>
        "Run a child collaboration and return its result (hierarchical). Input: task (a complex task: title, plan or template with parameters, or description). Output: {collaboration, title, status, result}.";

    public string? Capability => null;

    [GeneratedRegex(@"\$\{\{\s*(?<scope>inputs|outputs)\.(?<path>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")]
    private static partial Regex ChildReference();

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (ToolInput.IsObject(input, errors, Name))
        {
            ReadTask(input, errors);
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Collaboration is not { } parent)
        {
            return PatternTools.NoCollaboration(Name);
        }

        var errors = new List<string>();
        var task = ToolInput.IsObject(invocation.Input, errors, Name) ? ReadTask(invocation.Input, errors) : null;
        if (task is null)
        {
            return PatternTools.Invalid(errors);
        }

        var collaborations = services.GetRequiredService<ICollaborationService>();
        // The child's id is chosen and saved before the submit: a resume after a crash between the two submits under the
        // same id, which the engine answers with the child if it was stored, so there is never a second child.
        var link = await store.FindChildAsync(invocation.IdempotencyKey, cancellationToken);
        var child = link?.Child ?? LightningId.New("col");
        if (link is null)
        {
            await store.SaveChildAsync(invocation.IdempotencyKey, parent, child, CancellationToken.None);
        }

        var known = link is not null && await collaborations.GetAsync(child, cancellationToken) is not null;
        if (!known)
        {
            var parentTitle = (await collaborations.GetAsync(parent, cancellationToken))?.Title ?? parent;
            var own = task.Title ?? task.Description?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            var title = own is null ? $"↳ {parentTitle}" : $"↳ {parentTitle}: {own}";
            try
            {
                // Not cancellable: once it returns, a cancellation reaches the wait below, which stops the child.
                await collaborations.SubmitAsync(task with { Title = title.Length <= 200 ? title : title[..197] + "..." }, invocation.RequestedBy, child, CancellationToken.None);
            }
            catch (LightningException ex) when (ex.Kind is ErrorKind.Invalid or ErrorKind.NotFound)
            {
                return ToolResult.Failure($"The child collaboration was refused: {ex.Message}", retryable: false);
            }
        }

        var started = time.GetTimestamp();
        // From here the child exists: however the wait is stopped (even while the request is being recorded), the
        // child is cancelled when the parent no longer wants it, never left running on its own.
        try
        {
            // The log is the truth for what was said: a resumed subtask asks again only when its request did not reach it.
            var address = $"collaboration:{child}";
            if (!known || !await RequestedAsync(collaborations, parent, address, cancellationToken))
            {
                await PatternTools.TryRecordAsync(services.GetRequiredService<IConversationLog>(), parent, new ConversationMessage(address, "request", invocation.Agent, address,
                    invocation.Subtask, Content: PatternTools.Element(new { collaboration = child, title = task.Title, subtask = invocation.Subtask })), cancellationToken);
            }

            await foreach (var e in collaborations.WatchAsync(child, 0, cancellationToken))
            {
                if (e.Type == CollaborationEventTypes.Finished)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopChildAsync(collaborations, invocation, parent, child, time.GetElapsedTime(started));
            throw;
        }

        var view = await collaborations.GetAsync(child, CancellationToken.None)
            ?? throw new LightningException(ErrorKind.NotFound, "collaboration.not_found", $"The child collaboration '{child}' is gone.");
        var status = JsonNamingPolicy.KebabCaseLower.ConvertName(view.Status.ToString());
        return view.Status == CollaborationStatus.Succeeded
            ? ToolResult.Success(PatternTools.Element(new { collaboration = child, title = view.Title, status, result = view.Result }))
            : ToolResult.Failure($"The child collaboration {child} ended {status}: {view.Error}",
                PatternTools.Element(new { collaboration = child, title = view.Title, status, error = view.Error }), retryable: false);
    }

    static async Task<bool> RequestedAsync(ICollaborationService collaborations, string parent, string address, CancellationToken cancellationToken)
    {
        var after = 0L;
        while (await collaborations.EventsAsync(parent, after, 1000, cancellationToken) is { Count: > 0 } page)
        {
            if (page.Any(e => e.Type == CollaborationEventTypes.Message && e.Data is { } data
                && data.TryGetProperty("receiver", out var receiver) && receiver.ValueEquals(address)))
            {
                return true;
            }

            after = page[^1].Sequence;
        }

        return false;
    }

    /// <summary>
    /// The subtask was stopped. Its parent has finished (cancelled, failed elsewhere) or it timed out: the child's work is
    /// no longer wanted. Otherwise the server is stopping, and the child resumes with it.
    /// </summary>
    async Task StopChildAsync(ICollaborationService collaborations, ToolCall invocation, string parent, string child, TimeSpan elapsed)
    {
        var timedOut = invocation.Timeout is { } timeout && elapsed >= timeout - TimeSpan.FromMilliseconds(250);
        bool parentFinished;
        try
        {
            var view = await collaborations.GetAsync(parent, CancellationToken.None);
            parentFinished = view is null || view.Status.IsFinished();
        }
        catch (LightningException)
        {
            return;
        }

        if (!parentFinished && !timedOut)
        {
            return;
        }

        try
        {
            await collaborations.CancelAsync(child, $"collaboration:{parent}", CancellationToken.None);
        }
        catch (LightningException)
        {
            // It finished meanwhile, or the engine is stopping.
        }

        if (timedOut)
        {
            // The retry, if any, starts a new child rather than follow the cancelled one.
            await store.ForgetChildAsync(invocation.IdempotencyKey, CancellationToken.None);
        }
    }

    static ComplexTask? ReadTask(JsonElement input, List<string> errors)
    {
        if (!input.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'task' is required: a complex task (title, plan or template with parameters, or description) as an object.");
            return null;
        }

        var text = ChildReference().Replace(task.GetRawText(), match => $"${{{match.Groups["scope"].Value}.{match.Groups["path"].Value}}}");
        try
        {
            return PlanDocument.ParseTask(text, "json");
        }
        catch (LightningException ex)
        {
            errors.Add($"'task' is not a valid task: {ex.Message}");
            return null;
        }
    }
}
