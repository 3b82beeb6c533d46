namespace Lightning.Collaboration.Tasks;

/// <summary>Attempts in all (1 = no retry), and the exponential backoff between them: base × 2^(retry−1), capped.</summary>
public sealed record RetryPolicy(int MaxAttempts = 1, double BackoffSeconds = 1, double MaxBackoffSeconds = 60);
