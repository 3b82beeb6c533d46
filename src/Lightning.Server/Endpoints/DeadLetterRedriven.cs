namespace Lightning.Server.Endpoints;

/// <summary>The answer to a redrive: the message is back on its destination.</summary>
public sealed record DeadLetterRedriven(string MessageId, bool Redriven);
