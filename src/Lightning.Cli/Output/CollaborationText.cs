using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Api;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Replay;

namespace Lightning.Cli.Output;

/// <summary>How a collaboration and its events read in human output, and what <c>lightning</c> exits with for it.</summary>
internal static class CollaborationText
{
    public static readonly string[] Statuses = [.. Enum.GetValues<CollaborationStatus>().Select(status => Formats.Kebab(status))];

    /// <summary>0 when it succeeded; 1 when it failed, was cancelled or ran out of budget; 1 too while it still runs.</summary>
    public static int ExitCode(CollaborationStatus status) => status == CollaborationStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;

    /// <summary>One line per event: <c>12:00:01 subtask-started build on build-runner (attempt 1)</c>.</summary>
    public static string Line(string id, CollaborationStreamEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var time = TimeZoneInfo.ConvertTime(e.At, TimeZoneInfo.Local).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{time} {Describe(id, e)}";
    }

    static string Describe(string id, CollaborationStreamEvent e)
    {
        var subtask = e.Subtask ?? Formats.None;
        var comment = e.Text("comment") is { Length: > 0 } text ? $": {text}" : string.Empty;
        return e.Type switch
        {
            CollaborationEventTypes.Submitted =>
                $"submitted \"{e.Text("title")}\" by {e.Text("submittedBy")} ({Count(e.Number("total"))} subtasks, planner {e.Text("planner")})",
            CollaborationEventTypes.SubtaskStarted => e.Text("agent") is { } agent
                ? $"subtask-started {subtask} on {agent} (attempt {Count(e.Number("attempt"))})"
                : $"subtask-started {subtask} (aggregation)",
            CollaborationEventTypes.SubtaskSucceeded =>
                $"subtask-succeeded {subtask}{(e.Text("agent") is { } by ? $" on {by}" : string.Empty)} in {Formats.Duration(e.Number("durationMs"))}",
            CollaborationEventTypes.SubtaskFailed =>
                $"subtask-failed {subtask}{(e.Text("agent") is { } on ? $" on {on}" : string.Empty)} (attempt {Count(e.Number("attempt"))}): " +
                $"{OneLine(e.Text("error"))}{(e.Flag("final") == false ? "; will retry" : string.Empty)}",
            CollaborationEventTypes.SubtaskSkipped => $"subtask-skipped {subtask}: {OneLine(e.Text("reason"))}",
            CollaborationEventTypes.SubtaskCancelled => $"subtask-cancelled {subtask}",
            CollaborationEventTypes.SubtaskAwaitingApproval =>
                $"subtask-awaiting-approval {subtask}: lightning collaborate approve {id} {subtask} (or reject)",
            CollaborationEventTypes.SubtaskApproved => $"subtask-approved {subtask} by {e.Text("by")}{comment}",
            CollaborationEventTypes.SubtaskRejected => $"subtask-rejected {subtask} by {e.Text("by")}{comment}",
            CollaborationEventTypes.CompensationTriggered => $"compensation-triggered {subtask} for {e.Text("failed")}",
            CollaborationEventTypes.CancelRequested => $"cancel-requested by {e.Text("by")}",
            CollaborationEventTypes.BudgetExhausted => $"budget-exhausted: {OneLine(e.Text("reason"))}",
            CollaborationEventTypes.Resumed => "resumed after a restart",
            CollaborationEventTypes.Message => $"{e.Text("performative")} {e.Text("sender")} → {e.Text("receiver")}{(subtask is null ? string.Empty : $" ({subtask})")}{MessageContent(e)}",
            CollaborationEventTypes.Finished =>
                $"finished {e.Text("status")}{(e.Text("error") is { Length: > 0 } error ? $": {OneLine(error)}" : string.Empty)}",
            _ => e.Subtask is null ? e.Type : $"{e.Type} {e.Subtask}",
        };
    }

    public static void WriteDetails(TextWriter writer, CollaborationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var progress = view.Progress;
        new DetailList()
            .Add("Collaboration", view.Id)
            .Add("Title", view.Title)
            .Add("Status", Formats.Kebab(view.Status))
            .AddIfPresent("Error", view.Error)
            .Add("Progress", $"{progress.Percent.ToString("0", CultureInfo.InvariantCulture)}% ({progress.Succeeded} succeeded, {progress.Failed} failed, " +
                $"{progress.Running} running, {progress.AwaitingApproval} awaiting approval, {progress.Pending} pending of {progress.Total})")
            .Add("Priority", Formats.Number(view.Priority))
            .Add("Planner", view.Planner)
            .Add("Submitted by", view.SubmittedBy)
            .Add("Created", Formats.TimeWithSeconds(view.CreatedAt))
            .Add("Finished", Formats.TimeWithSeconds(view.FinishedAt))
            .Write(writer);
    }

    public static void WriteSubtasks(TextWriter writer, CollaborationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var table = new TextTable("SUBTASK", "STATUS", "AGENT", "ATTEMPTS", "DURATION", "ERROR");
        foreach (var subtask in view.Subtasks)
        {
            table.Add(subtask.Id, Formats.Kebab(subtask.Status), subtask.Agent ?? Formats.None, Formats.Number(subtask.Attempts),
                Formats.Duration(subtask.DurationMs), subtask.Error is { } error ? Formats.Truncate(OneLine(error), 60) : string.Empty);
        }

        table.Write(writer);
    }

    /// <summary>Changed lines shown per output; the JSON form has them all.</summary>
    const int MaxDiffLines = 20;

    public static void WriteDiff(TextWriter writer, CollaborationDiff diff)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(diff);
        writer.WriteLine($"{diff.Left} ({Formats.Kebab(diff.LeftStatus)}) vs {diff.Right} ({Formats.Kebab(diff.RightStatus)})");
        writer.WriteLine(diff.ResultIdentical ? "Result: identical, byte for byte." : "Result: different.");
        WriteChangedLines(writer, diff.ResultDiff, "  ");
        writer.WriteLine(diff.Subtasks.Count == 0
            ? $"Subtasks: all {diff.Unchanged} the same."
            : $"Subtasks: {diff.Unchanged} the same, {diff.Subtasks.Count} changed.");
        foreach (var subtask in diff.Subtasks)
        {
            var details = subtask.Changes.Select(change => change switch
            {
                "status" => $"status {Side(subtask.Left?.Status)} → {Side(subtask.Right?.Status)}",
                "agent" => $"agent {subtask.Left?.Agent ?? Formats.None} → {subtask.Right?.Agent ?? Formats.None}",
                "attempts" => $"attempts {subtask.Left?.Attempts} → {subtask.Right?.Attempts}",
                _ => change,
            });
            writer.WriteLine($"  {subtask.Id}: {string.Join(", ", details)}");
            WriteChangedLines(writer, subtask.OutputDiff, "    ");
        }
    }

    static void WriteChangedLines(TextWriter writer, IReadOnlyList<string> lines, string indent)
    {
        var changed = lines.Where(line => line.StartsWith('-') || line.StartsWith('+')).ToList();
        foreach (var line in changed.Take(MaxDiffLines))
        {
            writer.WriteLine(indent + line);
        }

        if (changed.Count > MaxDiffLines)
        {
            writer.WriteLine($"{indent}... {changed.Count - MaxDiffLines} more changed lines (--json shows them all)");
        }
    }

    static string Side(SubtaskStatus? status) => status is { } value ? Formats.Kebab(value) : Formats.None;

    /// <summary>The gist of a message's content: a proposal's figures, a reason, or the content itself, cut short.</summary>
    static string MessageContent(CollaborationStreamEvent e)
    {
        if (e.Data.ValueKind != JsonValueKind.Object || !e.Data.TryGetProperty("content", out var content)
            || content.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return string.Empty;
        }

        if (e.Text("performative") == "propose" && content.ValueKind == JsonValueKind.Object)
        {
            string Figure(string name) => content.TryGetProperty(name, out var value) ? value.GetRawText() : "?";
            return $": cost {Figure("cost")}, latency {Figure("latencyMs")} ms, load {Figure("load")}, confidence {Figure("confidence")}";
        }

        if (content.ValueKind == JsonValueKind.Object && content.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            return $": {OneLine(reason.GetString())}";
        }

        return $": {Formats.Truncate(content.GetRawText(), 80)}";
    }

    static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    static string OneLine(string? text) => text is null ? Formats.None : ProblemText.OneLine(text);
}
