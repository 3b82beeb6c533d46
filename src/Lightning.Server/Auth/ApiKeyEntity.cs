namespace Lightning.Server.Auth;

/// <summary>A stored API key: only its SHA-256 hash is kept; the key itself is shown once, when created.</summary>
public sealed class ApiKeyEntity
{
    /// <summary>The public part of the key (<c>lk_ID_secret</c>), used to find it without scanning.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public ApiKeyRole Role { get; set; }

    public required byte[] Hash { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
