namespace Lightning.Monitoring.Analysis.Resources;

public enum SuggestionKind
{
    /// <summary>The host does next to nothing: stop it, or fold its work into another.</summary>
    Idle,
    OverProvisionedCpu,
    OverProvisionedMemory,
    OverProvisionedDisk,
}

/// <summary>An optimisation: what to change, why, and (with prices configured) the monthly saving.</summary>
public sealed record Suggestion(string Host, SuggestionKind Kind, string Resource, string Explanation, double? MonthlySaving, string? Currency);
