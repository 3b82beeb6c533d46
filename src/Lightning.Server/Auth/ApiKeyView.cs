namespace Lightning.Server.Auth;

public sealed record ApiKeyView(string Id, string Name, ApiKeyRole Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKeyEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.Name, entity.Role, entity.CreatedBy, entity.CreatedAt, entity.LastUsedAt, entity.RevokedAt);
    }
}

/// <summary>A new key: <see cref="Key"/> is the secret, returned this once and never again.</summary>
public sealed record CreatedApiKey(ApiKeyView ApiKey, string Key);

public sealed record CreateApiKeyRequest(string? Name, ApiKeyRole? Role);
