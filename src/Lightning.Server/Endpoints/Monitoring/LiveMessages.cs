using Lightning.Monitoring.Alerts.History;

namespace Lightning.Server.Endpoints.Monitoring;

// The messages the live sockets send (camelCase JSON, as the API's).

/// <summary>The first answer to a subscription: the trailing window, exactly as <c>GET /query</c> answers it.</summary>
public sealed record LiveSnapshotMessage(string Id, MetricQueryView Result)
{
    public string Type => "snapshot";
}

/// <summary>New points since the last message (and the last bucket again when its value changed), per series.</summary>
public sealed record LivePointsMessage(string Id, IReadOnlyList<MetricSeriesView> Series)
{
    public string Type => "points";
}

/// <summary>A subscription that could not be made or kept: the status and message <c>GET /query</c> would have answered.</summary>
public sealed record LiveErrorMessage(string? Id, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public string Type => "error";
}

/// <summary>One alert history event, as it is appended.</summary>
public sealed record AlertStreamMessage(AlertEvent Event)
{
    public string Type => "alert";
}
