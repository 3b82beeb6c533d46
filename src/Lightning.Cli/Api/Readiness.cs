namespace Lightning.Cli.Api;

/// <summary>What <c>/health/ready</c> said: whether the server and its database answer, and the report text.</summary>
internal sealed record Readiness(bool Ready, string Report);
