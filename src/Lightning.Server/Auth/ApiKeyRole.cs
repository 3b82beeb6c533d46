namespace Lightning.Server.Auth;

/// <summary>What a key may do: viewers read, operators also act (agents, actions), admins also manage keys.</summary>
public enum ApiKeyRole
{
    Viewer,
    Operator,
    Admin,
}
