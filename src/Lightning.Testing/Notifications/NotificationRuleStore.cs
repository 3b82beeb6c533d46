using System.Net.Mail;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Secrets;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Notifications;

/// <summary>
/// Notification rules and the log of their deliveries, in the testing tables. Webhook secrets are kept only as
/// <see cref="ISecretProtector"/> ciphertext (as git hosting connections keep their tokens) and leave this class only
/// through <see cref="SecretOf"/>, for signing.
/// </summary>
public sealed class NotificationRuleStore(IDbContextFactory<TestingDbContext> contexts, ISecretProtector protector, TimeProvider timeProvider)
{
    public const int MaxRecipients = 20;
    public const int MinSecretLength = 16;
    const int MaxPage = 500;

    public async Task<NotificationRule> CreateAsync(NotificationRuleChange change, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var validator = new Validator();
        var name = CheckName(validator, change.Name, required: true);
        var channel = CheckChannel(validator, change.Channel, required: true);
        var events = CheckEvents(validator, change.Events, required: true);
        var repository = CheckRepository(validator, change.Repository) ?? "**";
        var url = channel == NotificationChannel.Webhook ? CheckUrl(validator, change.Url, required: true) : null;
        var recipients = channel == NotificationChannel.Email ? CheckRecipients(validator, change.To, required: true) : null;
        if (channel == NotificationChannel.Webhook)
        {
            CheckSecret(validator, change.Secret, required: true);
        }

        CheckChannelFields(validator, channel, change);
        validator.ThrowIfInvalid();

        var now = timeProvider.GetUtcNow();
        var entity = new NotificationRuleEntity
        {
            Id = LightningId.New("nrule"),
            Name = name!,
            Repository = repository,
            Events = NotificationEvents.Join(events!),
            Channel = channel!.Value,
            Url = url,
            ProtectedSecret = change.Secret is { } secret && channel == NotificationChannel.Webhook ? protector.Protect(secret) : null,
            Recipients = recipients is null ? null : string.Join(',', recipients),
            Enabled = change.Enabled ?? true,
            CreatedAt = now,
            CreatedBy = TestingDbContext.Fit(createdBy, 64)!,
            UpdatedAt = now,
        };
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.NotificationRules.AnyAsync(r => r.Name == entity.Name, cancellationToken))
        {
            throw NameTaken(entity.Name);
        }

        context.NotificationRules.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        return NotificationRule.From(entity);
    }

    /// <summary>Changes the fields given; the channel's own fields must still be complete afterwards.</summary>
    public async Task<NotificationRule> UpdateAsync(string id, NotificationRuleChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.NotificationRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
        var validator = new Validator();
        if (change == new NotificationRuleChange())
        {
            validator.Add("rule", "Give at least one field to change: name, repository, events, channel, url, secret, to, enabled.");
        }

        var name = CheckName(validator, change.Name, required: false);
        var channel = CheckChannel(validator, change.Channel, required: false) ?? entity.Channel;
        var events = CheckEvents(validator, change.Events, required: false);
        var repository = CheckRepository(validator, change.Repository);
        var url = CheckUrl(validator, change.Url, required: channel == NotificationChannel.Webhook && entity.Url is null);
        var recipients = CheckRecipients(validator, change.To, required: channel == NotificationChannel.Email && entity.Recipients is null);
        CheckSecret(validator, change.Secret, required: channel == NotificationChannel.Webhook && entity.ProtectedSecret is null);
        CheckChannelFields(validator, channel, change);
        validator.ThrowIfInvalid();

        if (name is not null && name != entity.Name)
        {
            if (await context.NotificationRules.AnyAsync(r => r.Name == name && r.Id != id, cancellationToken))
            {
                throw NameTaken(name);
            }

            entity.Name = name;
        }

        entity.Repository = repository ?? entity.Repository;
        entity.Events = events is null ? entity.Events : NotificationEvents.Join(events);
        entity.Enabled = change.Enabled ?? entity.Enabled;
        if (channel != entity.Channel)
        {
            // A rule moving to the other channel drops what only the old one used.
            (entity.Url, entity.ProtectedSecret, entity.Recipients) = (null, null, null);
            entity.Channel = channel;
        }

        entity.Url = url ?? entity.Url;
        entity.ProtectedSecret = change.Secret is { } secret ? protector.Protect(secret) : entity.ProtectedSecret;
        entity.Recipients = recipients is null ? entity.Recipients : string.Join(',', recipients);
        entity.UpdatedAt = timeProvider.GetUtcNow();
        await context.SaveChangesAsync(cancellationToken);
        return NotificationRule.From(entity);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.NotificationRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw NotFound(id);
        }
    }

    public async Task<NotificationRule> GetAsync(string id, CancellationToken cancellationToken) => NotificationRule.From(await EntityAsync(id, cancellationToken));

    public async Task<IReadOnlyList<NotificationRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await context.NotificationRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return [.. rules.Select(NotificationRule.From)];
    }

    /// <summary>Enabled rules whose repository glob matches and that want at least one of <paramref name="events"/>.</summary>
    internal async Task<IReadOnlyList<NotificationRuleEntity>> MatchingAsync(string repository, IReadOnlyCollection<NotificationEvent> events, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await context.NotificationRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return [.. rules.Where(r => Glob.Matches(r.Repository, repository) && NotificationEvents.Split(r.Events).Any(events.Contains))];
    }

    internal async Task<NotificationRuleEntity> EntityAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.NotificationRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
    }

    internal async Task<NotificationRuleEntity?> FindEntityAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.NotificationRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    internal async Task<IReadOnlyList<NotificationDeliveryEntity>> PendingDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.NotificationDeliveries.AsNoTracking().Where(d => d.Status == NotificationDeliveryStatus.Pending)
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The webhook secret in the clear, for signing one delivery.</summary>
    internal string? SecretOf(NotificationRuleEntity rule) => rule.ProtectedSecret is { } secret ? protector.Unprotect(secret) : null;

    /// <summary>
    /// The status of the finished run of the same repository and scope (project, framework) just before
    /// <paramref name="run"/>, or null when there is none: what tells a pass that recovers from one that does not.
    /// </summary>
    internal async Task<TestRunStatus?> PreviousStatusAsync(TestRunView run, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Run ids are version-7 GUIDs: ordinal order is creation order.
        return await context.Runs.AsNoTracking()
            .Where(r => r.Repository == run.Repository && r.Project == run.Project && r.Framework == run.Framework
                        && string.Compare(r.Id, run.Id) < 0
                        && r.Status != TestRunStatus.Queued && r.Status != TestRunStatus.Running && r.Status != TestRunStatus.Cancelled)
            .OrderByDescending(r => r.Id)
            .Select(r => (TestRunStatus?)r.Status)
            .FirstOrDefaultAsync(cancellationToken);
    }

    internal async Task<NotificationDeliveryEntity> AddDeliveryAsync(NotificationDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.NotificationDeliveries.Add(delivery);
        await context.SaveChangesAsync(cancellationToken);
        return delivery;
    }

    internal async Task<NotificationDelivery> FinishDeliveryAsync(string id, DeliveryResult result, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await context.NotificationDeliveries.FirstAsync(d => d.Id == id, cancellationToken);
        delivery.Status = result.Delivered ? NotificationDeliveryStatus.Delivered : NotificationDeliveryStatus.Failed;
        delivery.Attempts = result.Attempts;
        delivery.ResponseStatus = result.ResponseStatus;
        delivery.Error = TestingDbContext.Fit(result.Error, TestingDbContext.MaxMessage);
        delivery.FinishedAt = timeProvider.GetUtcNow();
        await context.SaveChangesAsync(cancellationToken);
        return NotificationDelivery.From(delivery);
    }

    /// <summary>Deliveries newest first, by rule, run and status; <paramref name="before"/> is a delivery id (the page cursor).</summary>
    public async Task<NotificationDeliveryPage> ListDeliveriesAsync(
        string? ruleId, string? runId, NotificationDeliveryStatus? status, int limit, string? before, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var query = context.NotificationDeliveries.AsNoTracking();
        query = ruleId is null ? query : query.Where(d => d.RuleId == ruleId);
        query = runId is null ? query : query.Where(d => d.RunId == runId);
        query = status is null ? query : query.Where(d => d.Status == status);
        query = before is null ? query : query.Where(d => string.Compare(d.Id, before) < 0);
        var rows = await query.OrderByDescending(d => d.Id).Take(size + 1).ToListAsync(cancellationToken);
        var items = rows.Take(size).Select(NotificationDelivery.From).ToList();
        return new NotificationDeliveryPage(items, rows.Count > size ? items[^1].Id : null);
    }

    internal static IReadOnlyList<string> SplitRecipients(string? recipients) =>
        recipients is null ? [] : recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static LightningException NotFound(string id) => new(ErrorKind.NotFound, "testing.notification_rule_not_found", $"No notification rule with id '{id}'.");

    static LightningException NameTaken(string name) =>
        new(ErrorKind.Conflict, "testing.notification_rule_exists", $"A notification rule named '{name}' already exists.");

    static string? CheckName(Validator validator, string? name, bool required)
    {
        if (name is null)
        {
            validator.Require(!required, "name", "Give the rule a name.");
            return null;
        }

        var trimmed = name.Trim();
        validator.Require(trimmed.Length is > 0 and <= NotificationModel.MaxName && !trimmed.Any(char.IsControl), "name",
            $"The name must be 1 to {NotificationModel.MaxName} characters without control characters.");
        return trimmed;
    }

    static NotificationChannel? CheckChannel(Validator validator, string? channel, bool required)
    {
        if (channel is null)
        {
            validator.Require(!required, "channel", "Give the channel: webhook or email.");
            return null;
        }

        if (Enum.TryParse<NotificationChannel>(channel.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(channel, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return parsed;
        }

        validator.Add("channel", $"Unknown channel '{channel}': use webhook or email.");
        return null;
    }

    static List<NotificationEvent>? CheckEvents(Validator validator, IReadOnlyList<string>? events, bool required)
    {
        var known = string.Join(", ", NotificationEvents.Subscribable.Select(e => e.ToName()));
        if (events is null || events.Count == 0)
        {
            validator.Require(!required && events is null, "events", $"Give at least one event: {known}.");
            return null;
        }

        var parsed = new List<NotificationEvent>();
        foreach (var name in events)
        {
            if (NotificationEvents.Parse(name) is { } value)
            {
                parsed.Add(value);
            }
            else
            {
                validator.Add("events", $"Unknown event '{name}': use {known}.");
            }
        }

        return parsed;
    }

    static string? CheckRepository(Validator validator, string? repository)
    {
        if (repository is null)
        {
            return null;
        }

        var trimmed = repository.Trim();
        validator.Require(trimmed.Length is > 0 and <= TestingDbContext.MaxRepository && !trimmed.Any(char.IsControl), "repository",
            "The repository is a glob over repository names, such as 'shop', 'services/*' or '**' for all.");
        return trimmed;
    }

    static string? CheckUrl(Validator validator, string? url, bool required)
    {
        if (url is null)
        {
            validator.Require(!required, "url", "A webhook rule needs the url to POST to.");
            return null;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > NotificationModel.MaxUrl)
        {
            validator.Add("url", "The url must be an absolute http or https address, such as https://hooks.example.com/lightning.");
            return null;
        }

        validator.Require(string.IsNullOrEmpty(uri.UserInfo), "url", "Put no credentials in the url: the request is signed with the rule's secret.");
        return uri.AbsoluteUri;
    }

    static void CheckSecret(Validator validator, string? secret, bool required)
    {
        if (secret is null)
        {
            validator.Require(!required, "secret", $"A webhook rule needs a secret (at least {MinSecretLength} characters) to sign its requests.");
            return;
        }

        validator.Require(secret.Length is >= MinSecretLength and <= 256 && !string.IsNullOrWhiteSpace(secret), "secret",
            $"The secret must be {MinSecretLength} to 256 characters.");
    }

    static List<string>? CheckRecipients(Validator validator, IReadOnlyList<string>? to, bool required)
    {
        if (to is null || to.Count == 0)
        {
            validator.Require(!required && to is null, "to", "An email rule needs at least one recipient address.");
            return null;
        }

        validator.Require(to.Count <= MaxRecipients, "to", $"At most {MaxRecipients} recipients.");
        var valid = new List<string>();
        foreach (var address in to)
        {
            if (address is not null && !address.Contains(',', StringComparison.Ordinal) && MailAddress.TryCreate(address.Trim(), out var parsed))
            {
                valid.Add(parsed.Address);
            }
            else
            {
                validator.Add("to", $"'{address}' is not an email address.");
            }
        }

        return valid;
    }

    /// <summary>A field of the other channel is a mistake worth telling (an email rule with a url would never POST).</summary>
    static void CheckChannelFields(Validator validator, NotificationChannel? channel, NotificationRuleChange change)
    {
        if (channel == NotificationChannel.Email && (change.Url is not null || change.Secret is not null))
        {
            validator.Add("url", "An email rule has no url or secret: give 'to' instead.");
        }

        if (channel == NotificationChannel.Webhook && change.To is not null)
        {
            validator.Add("to", "A webhook rule has no recipients: give 'url' and 'secret' instead.");
        }
    }
}
