using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lightning.Git.Registry;

/// <summary>
/// The GitHub and GitLab accounts the platform talks to, by name. Tokens and webhook secrets are stored only as
/// <see cref="ISecretProtector"/> ciphertext and decrypted just long enough to build a client or run git over HTTPS;
/// no view, error or log carries them.
/// </summary>
public sealed partial class HostingConnectionStore(
    IDbContextFactory<GitDbContext> database,
    ISecretProtector protector,
    GitHubClientFactory gitHub,
    IHttpClientFactory httpClients,
    ILoggerFactory loggerFactory,
    TimeProvider time)
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";

    /// <summary>The named <see cref="HttpClient"/> GitLab clients for stored connections use.</summary>
    public const string GitLabHttpClientName = "lightning-git-connection-gitlab";

    const string GitHubDotCom = "https://api.github.com";
    const string GitLabDotCom = "https://gitlab.com";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

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
        if (string.IsNullOrEmpty(registration.Name) || !NamePattern().IsMatch(registration.Name))
        {
            validator.Add("name", "A connection name is 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var provider = registration.Provider?.Trim().ToLowerInvariant();
        if (provider is not (GitHub or GitLab))
        {
            validator.Add("provider", "The provider is 'github' or 'gitlab'.");
        }

        var baseUrl = registration.BaseUrl?.Trim();
        if (string.IsNullOrEmpty(baseUrl))
        {
            baseUrl = provider == GitLab ? GitLabDotCom : GitHubDotCom;
        }
        else if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
                 || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                 || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            validator.Add("baseUrl", "Give the provider's absolute https URL (no credentials, query or fragment), e.g. https://gitlab.example.com.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            // The token travels with every request: plain http only where it cannot leave the machine.
            validator.Add("baseUrl", "Plain http is accepted only for loopback hosts; the token would travel in the clear. Use https.");
        }
        else
        {
            baseUrl = baseUrl.TrimEnd('/');
        }

        if (string.IsNullOrWhiteSpace(registration.Token) || registration.Token.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            validator.Add("token", "Give the access token (one line, not empty).");
        }

        if (registration.WebhookSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            validator.Add("webhookSecret", "Leave the webhook secret out, or give a non-empty one.");
        }

        validator.ThrowIfInvalid();
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        if (await context.Connections.AnyAsync(c => c.Name == registration.Name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Conflict, "git.connection_exists", $"A connection named '{registration.Name}' already exists; remove it first to replace its token.");
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

    static LightningException NotFound(string name) =>
        new(ErrorKind.NotFound, "git.connection_not_found", $"No hosting connection named '{name}'; add it with POST /api/v2/git/connections.");

    static HostingConnectionView ToView(HostingConnectionEntity entity) =>
        new(entity.Name, entity.Provider, entity.BaseUrl, entity.ProtectedWebhookSecret is not null, entity.CreatedAt, entity.CreatedBy);
}
