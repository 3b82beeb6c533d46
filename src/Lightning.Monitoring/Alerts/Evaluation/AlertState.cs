namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>An alert's states: pending while <c>for</c> has not elapsed, then firing, then resolved; no-data and error are a rule's.</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
    Resolved,
    NoData,
    Error,
}

public static class AlertStates
{
    public static string Name(AlertState state) => state switch
    {
        AlertState.NoData => "no-data",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, out AlertState state)
    {
        foreach (var candidate in Enum.GetValues<AlertState>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static AlertState Parse(string text) => TryParse(text, out var state) ? state : throw new FormatException($"Unknown alert state '{text}'.");

    /// <summary>The states that still need attention (listed as active).</summary>
    public static bool IsActive(AlertState state) => state is AlertState.Pending or AlertState.Firing or AlertState.NoData or AlertState.Error;

    /// <summary>The states that are announced through the channels.</summary>
    public static bool IsNotifiable(AlertState state) => state is AlertState.Firing or AlertState.NoData or AlertState.Error;
}
