using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Server.Auth;

/// <summary>
/// Creates, lists, revokes and checks API keys. A key is <c>lk_&lt;id&gt;_&lt;secret&gt;</c>; the store keeps its SHA-256
/// hash and compares hashes in constant time. Checked keys are cached, so authentication costs no query per request.
/// </summary>
public sealed partial class ApiKeyStore(IDbContextFactory<ServerDbContext> contexts, TimeProvider timeProvider)
{
    const string Prefix = "lk_";
    static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    readonly ConcurrentDictionary<string, ApiKeyEntity> _cache = new(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")]
    private static partial Regex NamePattern();

    public async Task<CreatedApiKey> CreateAsync(string? name, ApiKeyRole? role, string createdBy, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        validator.Require(name is not null && NamePattern().IsMatch(name), "name", "Name is required: 1-64 letters, digits, spaces, '.', '_' or '-'.");
        validator.Require(role is not null && Enum.IsDefined(role.Value), "role", "Role is required: viewer, operator or admin.");
        validator.ThrowIfInvalid();

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{id}_{secret}";
        var entity = new ApiKeyEntity
        {
            Id = id,
            Name = name!,
            Role = role!.Value,
            Hash = Hash(key),
            CreatedBy = createdBy,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.ApiKeys.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(id, out _);
        return new CreatedApiKey(ApiKeyView.From(entity), key);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await context.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(key => key.CreatedAt).Select(ApiKeyView.From).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiKeys.AnyAsync(cancellationToken);
    }

    public async Task<ApiKeyView> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.ApiKeys.FirstOrDefaultAsync(key => key.Id == id, cancellationToken)
            ?? throw new LightningException(ErrorKind.NotFound, "key.not_found", $"No API key with id '{id}'.");
        if (entity.RevokedAt is null)
        {
            entity.RevokedAt = timeProvider.GetUtcNow();
            await context.SaveChangesAsync(cancellationToken);
        }

        _cache.TryRemove(id, out _);
        return ApiKeyView.From(entity);
    }

    /// <summary>The key's record if <paramref name="presented"/> is a valid, unrevoked key; otherwise null.</summary>
    public async Task<ApiKeyEntity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!TryParseId(presented, out var id))
        {
            return null;
        }

        if (!_cache.TryGetValue(id, out var cached))
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            cached = await context.ApiKeys.AsNoTracking().FirstOrDefaultAsync(key => key.Id == id, cancellationToken);
            // Only real keys are cached: made-up ids must not grow the cache.
            if (cached is not null)
            {
                _cache[id] = cached;
            }
        }

        var entity = cached;
        if (entity is null || entity.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(Hash(presented), entity.Hash))
        {
            return null;
        }

        await TouchAsync(entity, cancellationToken);
        return entity;
    }

    async Task TouchAsync(ApiKeyEntity entity, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (entity.LastUsedAt is { } last && now - last < LastUsedResolution)
        {
            return;
        }

        entity.LastUsedAt = now;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.ApiKeys.Where(key => key.Id == entity.Id).ExecuteUpdateAsync(set => set.SetProperty(key => key.LastUsedAt, now), cancellationToken);
    }

    static bool TryParseId(string presented, out string id)
    {
        id = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 128)
        {
            return false;
        }

        var end = presented.IndexOf('_', Prefix.Length);
        if (end <= Prefix.Length)
        {
            return false;
        }

        id = presented[Prefix.Length..end];
        return true;
    }

    static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
