namespace Lightning.Agents.Registry;

/// <summary>Where an SSH agent runs: key authentication only; the key file stays on the server and is never sent anywhere.</summary>
public sealed record SshTarget(string Host, int Port, string User, string PrivateKeyPath);
