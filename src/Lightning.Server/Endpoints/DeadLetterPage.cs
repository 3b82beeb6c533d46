namespace Lightning.Server.Endpoints;

/// <summary>Dead letters, newest first.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Items);
