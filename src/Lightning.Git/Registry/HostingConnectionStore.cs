using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Hosting.Webhooks;
using Lightning.Git.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lightning.Git.Registry;

/// <summary>
/// The GitHub and GitLab accounts the platform talks to, by name. Tokens and webhook secrets are stored only as
/// <see cref="ISecretProtector"/> ciphertext and decrypted just long enough to build a client or run git over HTTPS;
/// no view, error or log carries them.
/// </summary>
public sealed class HostingConnectionStore(
    IDbContextFactory<GitDbContext> database,
    ISecretProtector protector,
    GitHubClientFactory gitHub,
    IHttpClientFactory httpClients,
    ILoggerFactory loggerFactory,
    TimeProvider time) : IConnectionWebhookSecretSource
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";

    /// <summary>The named <see cref="HttpClient"/> GitLab clients for stored connections use.</summary>
    public const string GitLabHttpClientName = "lightning-git-connection-gitlab";

    const string GitHubDotCom = "https://api.github.com";
    const string GitLabDotCom = "https://gitlab.com";


    public async Task<IReadOnlyList<HostingConnectionView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entities = await context.Connections.AsNoTracking().ToListAsync(cancellationToken);
        return entities.OrderBy(entity => entity.Name, StringComparer.Ordinal).Select(ToView).ToList();
    }

    /// <summary>The connection or a <c>git.connection_not_found</c> error.</summary>
    public async Task<HostingConnectionView> GetAsync(string name, CancellationToken cancellationToken) =>
        ToView(await EntityAsync(name, cancellationToken));

    public async Task<HostingConnectionView> AddAsync(HostingConnectionRegistration registration, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var validator = new Validator();
        if (!GitRepositoryRegistry.IsValidName(registration.Name))
        {
            validator.Add("name", "A connection name is 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var provider = registration.Provider?.Trim().ToLowerInvariant();
        if (provider is not (GitHub or GitLab))
        {
            validator.Add("provider", "The provider is 'github' or 'gitlab'.");
        }

        var baseUrl = CheckBaseUrl(validator, registration.BaseUrl, provider);
        CheckToken(validator, registration.Token);
        CheckWebhookSecret(validator, registration.WebhookSecret, removable: false);
        validator.ThrowIfInvalid();
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        if (await context.Connections.AnyAsync(c => c.Name == registration.Name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Conflict, "git.connection_exists", $"A connection named '{registration.Name}' already exists; change its token in place with PATCH /api/v2/git/connections/{registration.Name}.");
        }

        var entity = new HostingConnectionEntity
        {
            Name = registration.Name,
            Provider = provider!,
            BaseUrl = baseUrl!,
            ProtectedToken = protector.Protect(registration.Token.Trim()),
            ProtectedWebhookSecret = registration.WebhookSecret is { } webhookSecret ? protector.Protect(webhookSecret) : null,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = requestedBy,
        };
        context.Connections.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        return ToView(entity);
    }

    /// <summary>
    /// Changes a connection's token, webhook secret or base URL in place, in one row update; what <paramref name="update"/>
    /// leaves out stays, and the name, provider and creation stay too. Repositories that use the connection go on working:
    /// every client and every git fetch or push reads the token afresh. An empty webhook secret removes it.
    /// </summary>
    public async Task<HostingConnectionView> UpdateAsync(string name, HostingConnectionUpdate update, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var validator = new Validator();
        if (update is { Token: null, WebhookSecret: null, BaseUrl: null })
        {
            validator.Add("token", "Give at least one of token, webhookSecret and baseUrl to change.");
        }

        if (update.Token is not null)
        {
            CheckToken(validator, update.Token);
        }

        CheckWebhookSecret(validator, update.WebhookSecret, removable: true);
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entity = await context.Connections.FirstOrDefaultAsync(c => c.Name == name, cancellationToken) ?? throw NotFound(name);
        var baseUrl = update.BaseUrl is null ? null : CheckBaseUrl(validator, update.BaseUrl, entity.Provider);
        validator.ThrowIfInvalid();

        if (update.Token is { } token)
        {
            entity.ProtectedToken = protector.Protect(token.Trim());
        }

        if (update.WebhookSecret is { } secret)
        {
            entity.ProtectedWebhookSecret = secret.Length == 0 ? null : protector.Protect(secret);
        }

        if (baseUrl is not null)
        {
            entity.BaseUrl = baseUrl;
        }

        entity.UpdatedAt = time.GetUtcNow();
        entity.UpdatedBy = requestedBy;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed between the read and the update: nothing was written.
            throw NotFound(name);
        }

        return ToView(entity);
    }

    /// <summary>Forgets a connection; refused (<c>git.connection_in_use</c>) while a registered repository names it.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entity = await context.Connections.FirstOrDefaultAsync(c => c.Name == name, cancellationToken)
            ?? throw NotFound(name);
        var users = await context.Repositories.AsNoTracking().Where(r => r.Connection == name).Select(r => r.Name).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            throw new LightningException(ErrorKind.Conflict, "git.connection_in_use",
                $"Connection '{name}' is used by {string.Join(", ", users.Order(StringComparer.Ordinal))}; remove those repositories first.");
        }

        context.Connections.Remove(entity);
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The decrypted token, for git fetch, push and clone over HTTPS. Never log or return it.</summary>
    public async Task<string> TokenAsync(string name, CancellationToken cancellationToken) =>
        protector.Unprotect((await EntityAsync(name, cancellationToken)).ProtectedToken);

    /// <summary>
    /// The decrypted webhook secret for the webhook receiver. Null (not found) for a name that is no connection of
    /// <paramref name="provider"/>: the anonymous webhook route must not tell another provider's connection apart.
    /// </summary>
    public async ValueTask<ConnectionWebhookSecret?> GetSecretAsync(string provider, string connection, CancellationToken cancellationToken)
    {
        // The name comes from an anonymous URL: anything that cannot be a connection name is not looked up.
        if (!GitRepositoryRegistry.IsValidName(connection))
        {
            return null;
        }

        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var row = await context.Connections.AsNoTracking()
            .Where(c => c.Name == connection)
            .Select(c => new { c.Provider, c.ProtectedWebhookSecret })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null || !string.Equals(row.Provider, provider, StringComparison.Ordinal)
            ? null
            : new ConnectionWebhookSecret(connection, row.ProtectedWebhookSecret is { } secret ? protector.Unprotect(secret) : null);
    }

    /// <summary>
    /// A client for the connection's provider, holding the decrypted token. A <see cref="GitHubHostingClient"/> owns
    /// HTTP handlers: the caller disposes what it gets when it is <see cref="IDisposable"/>.
    /// </summary>
    public async Task<IGitHostingClient> CreateClientAsync(string name, CancellationToken cancellationToken)
    {
        var entity = await EntityAsync(name, cancellationToken);
        var token = protector.Unprotect(entity.ProtectedToken);
        var baseUrl = new Uri(entity.BaseUrl);
        if (entity.Provider == GitLab)
        {
            var options = new GitLabOptions { BaseUrl = baseUrl, Token = token };
            return new GitLabClient(httpClients.CreateClient(GitLabHttpClientName), options, time, loggerFactory.CreateLogger<GitLabClient>());
        }

        // github.com's API root is the default the factory knows; any other URL is an Enterprise host.
        var dotCom = string.Equals(entity.BaseUrl, GitHubDotCom, StringComparison.OrdinalIgnoreCase);
        return gitHub.Create(dotCom ? null : baseUrl, token);
    }

    async Task<HostingConnectionEntity> EntityAsync(string name, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        return await context.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Name == name, cancellationToken)
            ?? throw NotFound(name);
    }

    /// <summary>The base URL without its trailing slash, the provider's public host when blank, or null after adding its error.</summary>
    static string? CheckBaseUrl(Validator validator, string? given, string? provider)
    {
        var baseUrl = given?.Trim();
        if (string.IsNullOrEmpty(baseUrl))
        {
            return provider == GitLab ? GitLabDotCom : GitHubDotCom;
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            validator.Add("baseUrl", "Give the provider's absolute https URL (no credentials, query or fragment), e.g. https://gitlab.example.com.");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            // The token travels with every request: plain http only where it cannot leave the machine.
            validator.Add("baseUrl", "Plain http is accepted only for loopback hosts; the token would travel in the clear. Use https.");
            return null;
        }

        return baseUrl.TrimEnd('/');
    }

    static void CheckToken(Validator validator, string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            validator.Add("token", "Give the access token (one line, not empty).");
        }
    }

    /// <summary>Absent is fine; blank is refused, except that an update may remove the secret with an empty string.</summary>
    static void CheckWebhookSecret(Validator validator, string? secret, bool removable)
    {
        if (secret is null || (removable && secret.Length == 0))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(secret))
        {
            validator.Add("webhookSecret", removable
                ? "Give a non-empty webhook secret, or an empty string to remove it."
                : "Leave the webhook secret out, or give a non-empty one.");
        }
    }

    static LightningException NotFound(string name) =>
        new(ErrorKind.NotFound, "git.connection_not_found", $"No hosting connection named '{name}'; add it with POST /api/v2/git/connections.");

    static HostingConnectionView ToView(HostingConnectionEntity entity) =>
        new(entity.Name, entity.Provider, entity.BaseUrl, entity.ProtectedWebhookSecret is not null, entity.CreatedAt, entity.CreatedBy,
            entity.UpdatedAt, entity.UpdatedBy);
}
