namespace Lightning.Monitoring.Dashboards;

/// <summary>
/// A saved dashboard as the API reads and writes it: a default time range and refresh, variables (<c>$host</c> in a
/// panel's <c>where</c> takes <c>variables.host</c>), and panels on a 24-column grid, each a live query drawn as a
/// line, area, bar or stat, optionally with a comparison (<c>compare</c>: the same query an offset earlier).
/// </summary>
public sealed record DashboardDefinition
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? TimeRange { get; init; } = "1h";
    public string? Refresh { get; init; } = "1s";
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
    public IReadOnlyList<DashboardPanel>? Panels { get; init; }
}

public sealed record DashboardPanel
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    /// <summary>line, area, bar or stat.</summary>
    public string? Kind { get; init; } = "line";
    public PanelQuery? Query { get; init; }
    /// <summary>An offset such as "1d" to overlay the same query that far back; null for none.</summary>
    public string? Compare { get; init; }
    public int X { get; init; }
    public int Y { get; init; }
    public int W { get; init; } = 6;
    public int H { get; init; } = 4;
}

/// <summary>A panel's query, as a live subscription sends it (the <c>/query</c> parameters plus window and offset).</summary>
public sealed record PanelQuery
{
    public string? Measurement { get; init; }
    public string? Field { get; init; }
    public string? Where { get; init; }
    public string? Aggregate { get; init; }
    public string? Every { get; init; }
    public string? GroupBy { get; init; }
    public string? Fill { get; init; }
    public int? Limit { get; init; }
    public string? Window { get; init; }
    public string? Offset { get; init; }
}

/// <summary>A stored dashboard: the definition plus identity and version.</summary>
public sealed record SavedDashboard(
    string Id,
    int Version,
    string Name,
    string? Description,
    string TimeRange,
    string? Refresh,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<DashboardPanel> Panels,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public static class PanelKinds
{
    public static readonly IReadOnlyList<string> All = ["line", "area", "bar", "stat"];
}
