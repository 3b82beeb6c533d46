using Lightning.Agents.Actions;

namespace Lightning.Cli.Output;

/// <summary>How an action reads in human output, and what <c>lightning</c> exits with for it.</summary>
internal static class ActionText
{
    public static readonly string[] Kinds = ["command", "read-file", "write-file", "list-files", "prompt"];

    public static readonly string[] Statuses = ["queued", "running", "succeeded", "failed", "cancelled", "timed-out"];

    public static ActionKind ParseKind(string kind) => kind switch
    {
        "read-file" => ActionKind.ReadFile,
        "write-file" => ActionKind.WriteFile,
        "list-files" => ActionKind.ListFiles,
        "prompt" => ActionKind.Prompt,
        _ => ActionKind.Command,
    };

    public static string Status(ActionView action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var status = Formats.Kebab(action.Status);
        return action.ExitCode is { } code ? $"{status} (exit code {code})" : status;
    }

    /// <summary>
    /// The exit code for a finished action: the command's own when it exited (like ssh), else one of <see cref="ExitCodes"/>.
    /// Codes outside 1-255 cannot be a process exit code and become 1.
    /// </summary>
    public static int ExitCode(ActionView action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Status switch
        {
            ActionStatus.Succeeded => ExitCodes.Ok,
            ActionStatus.TimedOut => ExitCodes.TimedOut,
            ActionStatus.Cancelled => ExitCodes.Cancelled,
            ActionStatus.Failed when action.ExitCode is >= 1 and <= 255 => action.ExitCode.Value,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>The line to print on stderr for how an action ended, or null when its own output says it all.</summary>
    public static string? Problem(ActionView action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Status switch
        {
            ActionStatus.Succeeded => null,
            // A command that exited non-zero has said why on its own stderr; its exit code passes through.
            ActionStatus.Failed when action.ExitCode is not null => null,
            ActionStatus.Cancelled => $"action {action.Id} was cancelled.",
            _ => action.Error ?? $"action {action.Id} {Formats.Kebab(action.Status)}.",
        };
    }

    public static void WriteDetails(TextWriter writer, ActionView action)
    {
        ArgumentNullException.ThrowIfNull(action);
        new DetailList()
            .Add("Action", action.Id)
            .Add("Agent", action.Agent)
            .Add("Kind", Formats.Kebab(action.Kind))
            .Add("Summary", action.Summary)
            .Add("Status", Status(action))
            .AddIfPresent("Error", action.Error)
            .Add("Requested by", action.RequestedBy)
            .Add("Created", Formats.TimeWithSeconds(action.CreatedAt))
            .Add("Started", Formats.TimeWithSeconds(action.StartedAt))
            .Add("Finished", Formats.TimeWithSeconds(action.FinishedAt))
            .Add("Duration", Formats.Duration(action.DurationMs))
            .Write(writer);
    }
}
