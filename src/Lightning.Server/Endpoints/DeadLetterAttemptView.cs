namespace Lightning.Server.Endpoints;

/// <summary>One delivery of a dead letter: when, to which consumer, how it ended (<c>nack</c>, <c>reject</c>, <c>lease-expired</c>, <c>expired</c>) and why.</summary>
public sealed record DeadLetterAttemptView(int Attempt, DateTimeOffset At, string Consumer, string Outcome, string? Reason);
