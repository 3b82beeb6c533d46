using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Core.Serialization;

namespace Lightning.Cli.Api;

/// <summary>One message of an action's WebSocket: <c>output</c>, <c>status</c> or <c>finished</c>, with its data as sent.</summary>
internal sealed record ActionStreamEvent(string Type, DateTimeOffset At, JsonElement Data)
{
    public bool IsOutput => Type == ActionEvent.Output;

    public bool IsFinished => Type == ActionEvent.Finished;

    /// <summary>The stream (<c>stdout</c> or <c>stderr</c>) and text of an <c>output</c> event.</summary>
    public ActionOutputData? Output => IsOutput ? Data.Deserialize<ActionOutputData>(LightningJson.Options) : null;

    /// <summary>The action of a <c>status</c> or <c>finished</c> event.</summary>
    public ActionView? Action => IsOutput ? null : Data.Deserialize<ActionView>(LightningJson.Options);
}
