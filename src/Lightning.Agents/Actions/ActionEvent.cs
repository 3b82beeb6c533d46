namespace Lightning.Agents.Actions;

/// <summary>
/// One event of an action's live stream: <c>output</c> (data: stream and text), <c>status</c> and <c>finished</c> (data: the action).
/// The WebSocket sends these as <c>{ "type": ..., "at": ..., "data": ... }</c>.
/// </summary>
public sealed record ActionEvent(string Type, DateTimeOffset At, object Data)
{
    public const string Output = "output";
    public const string Status = "status";
    public const string Finished = "finished";
}

public sealed record ActionOutputData(string Stream, string Text);
