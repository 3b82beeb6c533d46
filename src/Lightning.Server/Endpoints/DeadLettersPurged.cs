namespace Lightning.Server.Endpoints;

/// <summary>How many dead letters a purge deleted.</summary>
public sealed record DeadLettersPurged(int Purged);
