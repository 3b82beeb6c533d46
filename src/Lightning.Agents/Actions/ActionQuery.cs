namespace Lightning.Agents.Actions;

/// <summary>A page of action history, newest first. <see cref="Before"/> is the id of the last action of the previous page.</summary>
public sealed record ActionQuery(string? Agent = null, ActionStatus? Status = null, int Limit = 50, string? Before = null);

public sealed record ActionPage(IReadOnlyList<ActionView> Items, string? Next);

/// <summary>An action's recorded output, whole and split by stream; while it runs, the output so far.</summary>
public sealed record ActionOutput(string Id, ActionStatus Status, string Output, bool OutputTruncated, IReadOnlyList<ActionOutputData> Segments);
