using System.Net.Mail;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Secrets;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Channels;

/// <summary>Channels in the platform database, their URLs and secrets protected with <see cref="ISecretProtector"/>.</summary>
public sealed class AlertChannelStore(IDbContextFactory<MonitoringDbContext> contexts, ISecretProtector protector, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.AlertChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ToView).ToList();
    }

    public async Task<AlertChannelView> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return ToView(await FindAsync(db, id, cancellationToken));
    }

    public async Task<AlertChannelView> CreateAsync(AlertChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = timeProvider.GetUtcNow();
        var entity = new AlertChannelEntity { Id = LightningId.New("channel"), CreatedAt = now, UpdatedAt = now };
        Apply(entity, request, creating: true);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureNameFreeAsync(db, entity.Name, null, cancellationToken);
        db.AlertChannels.Add(entity);
        PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, $"Alert channel '{entity.Name}' created", new Dictionary<string, string> { ["component"] = "alert-channel", ["channel"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ToView(entity);
    }

    public async Task<AlertChannelView> UpdateAsync(string id, AlertChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        Apply(entity, request, creating: false);
        await EnsureNameFreeAsync(db, entity.Name, id, cancellationToken);
        entity.UpdatedAt = timeProvider.GetUtcNow();
        PlatformEventStore.StageConfigChange(db, entity.UpdatedAt, PlatformEventSources.Alerts, $"Alert channel '{entity.Name}' changed", new Dictionary<string, string> { ["component"] = "alert-channel", ["channel"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ToView(entity);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        var routing = await db.AlertSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == "routing", cancellationToken);
        if (routing is not null && routing.Value.Contains($"\"{id}\"", StringComparison.Ordinal))
            throw new LightningException(ErrorKind.Conflict, "monitoring.channel_in_use", $"Channel '{entity.Name}' is used by the routing configuration: take it out there first.");
        db.AlertChannels.Remove(entity);
        PlatformEventStore.StageConfigChange(db, timeProvider.GetUtcNow(), PlatformEventSources.Alerts, $"Alert channel '{entity.Name}' deleted", new Dictionary<string, string> { ["component"] = "alert-channel", ["channel"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The channels with their secrets unprotected, for the senders.</summary>
    internal async Task<IReadOnlyDictionary<string, ResolvedChannel>> ResolveAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertChannels.AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, Resolve, StringComparer.Ordinal);
    }

    internal async Task<ResolvedChannel> ResolveAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return Resolve(await FindAsync(db, id, cancellationToken));
    }

    ResolvedChannel Resolve(AlertChannelEntity entity) => new(
        entity.Id, entity.Name, Enum.Parse<ChannelType>(entity.Type), ReadSettings(entity),
        entity.ProtectedUrl is { } url ? new Uri(protector.Unprotect(url)) : null,
        entity.ProtectedSecret is { } secret ? protector.Unprotect(secret) : null);

    void Apply(AlertChannelEntity entity, AlertChannelRequest request, bool creating)
    {
        var validator = new Validator();
        var previous = creating ? new ChannelSettings() : ReadSettings(entity);
        var name = request.Name?.Trim() ?? (creating ? null : entity.Name);
        validator.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= MonitoringDbContext.MaxName && !name.Any(char.IsControl),
            "name", "Name the channel: 1 to 255 printable characters.");
        ChannelType? type = creating ? request.Type : Enum.Parse<ChannelType>(entity.Type);
        if (!creating && request.Type is { } changed && changed != type)
            validator.Add("type", "A channel's type cannot change: create another channel.");
        if (type is null)
        {
            validator.Add("type", "Say which kind of channel: email, slack or webhook.");
            validator.ThrowIfInvalid();
        }

        var settings = previous;
        string? url = null;
        var hasUrl = entity.ProtectedUrl is not null;
        if (request.Url is not null)
        {
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(parsed.UserInfo))
                validator.Add("url", "The URL is an absolute http or https address without a user name or password.");
            else
            {
                url = parsed.AbsoluteUri;
                hasUrl = true;
                settings = settings with { UrlHost = parsed.Host };
            }
        }

        switch (type)
        {
            case ChannelType.Email:
                var to = request.To ?? previous.To;
                validator.Require(to.Count is > 0 and <= 50, "to", "An email channel needs 1 to 50 recipients.");
                foreach (var address in to)
                {
                    if (!MailAddress.TryCreate(address, out _)) validator.Add("to", $"'{address}' is not an email address.");
                }

                var host = request.SmtpHost ?? previous.SmtpHost;
                var from = request.From ?? previous.From;
                var port = request.SmtpPort ?? previous.SmtpPort;
                validator.Require(!string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host) != UriHostNameType.Unknown, "smtpHost", "Name the SMTP server (smtpHost).");
                validator.Require(port is > 0 and <= 65535, "smtpPort", "smtpPort is 1 to 65535.");
                validator.Require(from is not null && MailAddress.TryCreate(from, out _), "from", "Give the sender address (from).");
                validator.Require(request.Url is null && request.Secret is null, "url", "Email channels take no url or secret.");
                settings = settings with
                {
                    To = to.Select(a => a.Trim()).ToList(), SmtpHost = host?.Trim(), SmtpPort = port, From = from?.Trim(),
                    User = request.User ?? previous.User, Security = request.Security ?? previous.Security,
                };
                break;
            case ChannelType.Slack:
                validator.Require(hasUrl, "url", "A Slack channel needs its incoming-webhook URL (https://hooks.slack.com/services/...).");
                validator.Require(request.Secret is null && request.Password is null, "secret", "Slack channels take no secret: the URL is the credential.");
                break;
            case ChannelType.Webhook:
                validator.Require(hasUrl, "url", "A webhook channel needs the URL to POST to.");
                validator.Require(request.Secret is { Length: >= 16 } || (request.Secret is null && entity.ProtectedSecret is not null), "secret",
                    "A webhook channel needs a signing secret of at least 16 characters (receivers check X-Lightning-Signature with it).");
                break;
        }

        validator.ThrowIfInvalid();
        entity.Name = name!;
        entity.Type = type!.Value.ToString();
        entity.Settings = JsonSerializer.Serialize(settings, LightningJson.Options);
        if (url is not null) entity.ProtectedUrl = protector.Protect(url);
        if (type == ChannelType.Email && request.Password is not null)
            entity.ProtectedSecret = request.Password.Length == 0 ? null : protector.Protect(request.Password);
        if (type == ChannelType.Webhook && request.Secret is not null) entity.ProtectedSecret = protector.Protect(request.Secret);
    }

    static async Task EnsureNameFreeAsync(MonitoringDbContext db, string name, string? except, CancellationToken cancellationToken)
    {
        if (await db.AlertChannels.AnyAsync(c => c.Name == name && c.Id != except, cancellationToken))
            throw new LightningException(ErrorKind.Conflict, "monitoring.channel_exists", $"A channel named '{name}' already exists.");
    }

    static async Task<AlertChannelEntity> FindAsync(MonitoringDbContext db, string id, CancellationToken cancellationToken) =>
        await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
        ?? throw new LightningException(ErrorKind.NotFound, "monitoring.channel_not_found", $"No alert channel '{id}'.");

    static ChannelSettings ReadSettings(AlertChannelEntity entity) =>
        JsonSerializer.Deserialize<ChannelSettings>(entity.Settings, LightningJson.Options) ?? new ChannelSettings();

    static AlertChannelView ToView(AlertChannelEntity entity)
    {
        var settings = ReadSettings(entity);
        var type = Enum.Parse<ChannelType>(entity.Type);
        var email = type == ChannelType.Email;
        return new AlertChannelView(entity.Id, entity.Name, type, settings.To,
            email ? settings.SmtpHost : null, email ? settings.SmtpPort : null, email ? settings.From : null, email ? settings.User : null,
            email ? settings.Security : null, settings.UrlHost,
            email && entity.ProtectedSecret is not null, !email && entity.ProtectedSecret is not null, entity.CreatedAt, entity.UpdatedAt);
    }
}
