using System.CommandLine;
using System.Text.Json;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Testing.Notifications;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>lightning test notify list|add|update|remove|test|deliveries</c>: a server's failure notification rules (webhook or
/// email when runs fail, error, time out, recover or turn up flaky tests) and what was sent.
/// </summary>
internal sealed class TestNotifyCommand : Command
{
    public TestNotifyCommand(CliContext context)
        : base("notify", "Failure notifications on a server: rules that send a webhook or an email when runs fail, and their deliveries (calls the server; rules need an admin key)")
    {
        Add(new TestNotifyListCommand(context));
        Add(new TestNotifyAddCommand(context));
        Add(new TestNotifyUpdateCommand(context));
        Add(new TestNotifyRemoveCommand(context));
        Add(new TestNotifyTestCommand(context));
        Add(new TestNotifyDeliveriesCommand(context));
    }

    /// <summary>A rule named by its id (<c>nrule_...</c>) or its name.</summary>
    public static Argument<string> RuleArgument() => new("RULE") { Description = "The rule's name or id" };

    public static async Task<string> ResolveAsync(LightningClient client, string rule, CancellationToken cancellationToken)
    {
        var rules = (await client.ListNotificationRulesAsync(cancellationToken)).Value;
        return rules.FirstOrDefault(r => string.Equals(r.Name, rule, StringComparison.Ordinal))?.Id
            ?? rules.FirstOrDefault(r => string.Equals(r.Id, rule, StringComparison.Ordinal))?.Id
            ?? throw new CliException(ExitCodes.NotFound, $"no notification rule is named '{rule}' or has that id (see 'lightning test notify list').");
    }

    /// <summary>The API's JSON, or <paramref name="headline"/> and the rule's fields.</summary>
    public static async Task<int> ShowAsync(ServerInvocation invocation, ApiResult<NotificationRule> rule, string headline)
    {
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, rule.Json);
            return ExitCodes.Ok;
        }

        await invocation.Output.WriteLineAsync(headline);
        WriteRule(invocation.Output, rule.Value);
        return ExitCodes.Ok;
    }

    static void WriteRule(TextWriter output, NotificationRule rule)
    {
        var details = new DetailList();
        details.Add("id", rule.Id);
        details.Add("channel", Formats.Kebab(rule.Channel));
        details.Add("events", string.Join(", ", rule.Events.Select(e => e.ToName())));
        details.Add("repository", rule.Repository);
        details.Add("target", Target(rule));
        details.Add("enabled", rule.Enabled ? "yes" : "no");
        details.Write(output);
    }

    public static string Target(NotificationRule rule) => rule.Channel == NotificationChannel.Email
        ? string.Join(", ", rule.To)
        : $"{rule.Url} ({(rule.HasSecret ? "signed" : "no secret")})";
}

/// <summary>The fields of a rule, shared by <c>add</c> (where channel and events are required) and <c>update</c>.</summary>
internal sealed class TestNotifyRuleOptions
{
    public Option<string> Channel { get; } = new Option<string>("--channel") { Description = "webhook or email", HelpName = "CHANNEL" }
        .AcceptOnlyFromAmong("webhook", "email");

    public Option<string[]> Events { get; } = new("--event")
    {
        Description = "When to send (repeatable or comma-separated): failed, errored, timed-out, recovered, flaky-found",
        HelpName = "EVENT",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> Repository { get; } = new("--repository") { Description = "A glob over repository names: shop, services/*, ** [default: **]", HelpName = "GLOB" };

    public Option<string> Url { get; } = new("--url") { Description = "The webhook's URL (http or https, no credentials in it)", HelpName = "URL" };

    public Option<string[]> To { get; } = new("--to") { Description = "An email recipient (repeatable or comma-separated)", HelpName = "ADDRESS", AllowMultipleArgumentsPerToken = false };

    public SecretInput Secret { get; } = new("webhook signing secret (16-256 characters)", "secret");

    public void AddTo(Command command)
    {
        command.Add(Channel);
        command.Add(Events);
        command.Add(Repository);
        command.Add(Url);
        command.Add(To);
        Secret.AddTo(command);
        command.Validators.Add(result =>
        {
            foreach (var name in Split(result.GetValue(Events)) ?? [])
                if (NotificationEvents.Parse(name) is null)
                    result.AddError($"--event '{name}' is not one of failed, errored, timed-out, recovered, flaky-found.");
        });
    }

    /// <summary>The change the options describe; fields not given stay null (unchanged on update).</summary>
    public async Task<NotificationRuleChange> ReadAsync(ServerInvocation invocation, CancellationToken cancellationToken) => new()
    {
        Channel = invocation.Value(Channel),
        Events = Split(invocation.Value(Events)),
        Repository = invocation.Value(Repository),
        Url = invocation.Value(Url),
        To = Split(invocation.Value(To)),
        Secret = await Secret.ReadAsync(invocation.ParseResult, invocation.Console, cancellationToken),
    };

    static string[]? Split(string[]? values) => values is null || values.Length == 0
        ? null
        : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

internal sealed class TestNotifyListCommand : ServerCommand
{
    public TestNotifyListCommand(CliContext context)
        : base("list", "The notification rules, by name (secrets are never shown; admin key)", context)
    {
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var rules = await invocation.Client.ListNotificationRulesAsync(cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, rules.Json);
            return ExitCodes.Ok;
        }

        if (rules.Value.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No notification rules. Add one with 'lightning test notify add NAME --channel webhook|email --event failed ...'.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("NAME", "CHANNEL", "EVENTS", "REPOSITORY", "TARGET", "ENABLED", "ID");
        foreach (var rule in rules.Value)
        {
            table.Add(rule.Name, Formats.Kebab(rule.Channel), string.Join(",", rule.Events.Select(e => e.ToName())), rule.Repository,
                Formats.Truncate(TestNotifyCommand.Target(rule), 48), rule.Enabled ? "yes" : "no", rule.Id);
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}

internal sealed class TestNotifyAddCommand : ServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The rule's name (unique)" };
    readonly TestNotifyRuleOptions _rule = new();
    readonly Option<bool> _disabled = new("--disabled") { Description = "Add it switched off" };

    public TestNotifyAddCommand(CliContext context)
        : base("add", "Add a rule: a signed webhook (--url, --secret-stdin or --secret-env) or an email (--to) on the events given (admin key). " + SecretInput.Why, context)
    {
        Add(_name);
        _rule.AddTo(this);
        Add(_disabled);
        _rule.Channel.Required = true;
        _rule.Events.Required = true;
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var change = await _rule.ReadAsync(invocation, cancellationToken) with
        {
            Name = invocation.Required(_name),
            Enabled = invocation.Value(_disabled) ? false : null,
        };
        var created = await invocation.Client.CreateNotificationRuleAsync(change, cancellationToken);
        return await TestNotifyCommand.ShowAsync(invocation, created,
            $"Added notification rule '{created.Value.Name}'. Try it with 'lightning test notify test {created.Value.Name}'.");
    }
}

internal sealed class TestNotifyUpdateCommand : ServerCommand
{
    readonly Argument<string> _rule = TestNotifyCommand.RuleArgument();
    readonly Option<string> _name = new("--name") { Description = "A new name", HelpName = "NAME" };
    readonly TestNotifyRuleOptions _fields = new();
    readonly Option<bool> _enable = new("--enable") { Description = "Switch it on" };
    readonly Option<bool> _disable = new("--disable") { Description = "Switch it off" };

    public TestNotifyUpdateCommand(CliContext context)
        : base("update", "Change the fields given of a rule; the others stay as they are (admin key). " + SecretInput.Why, context)
    {
        Add(_rule);
        Add(_name);
        _fields.AddTo(this);
        Add(_enable);
        Add(_disable);
        Validators.Add(result =>
        {
            if (result.GetValue(_enable) && result.GetValue(_disable)) result.AddError("--enable and --disable cannot go together.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var change = await _fields.ReadAsync(invocation, cancellationToken) with
        {
            Name = invocation.Value(_name),
            Enabled = invocation.Value(_enable) ? true : invocation.Value(_disable) ? false : null,
        };
        if (change == new NotificationRuleChange())
        {
            throw CliException.Usage("nothing to change: give at least one of --name, --channel, --event, --repository, --url, --to, a secret, --enable or --disable.");
        }

        var id = await TestNotifyCommand.ResolveAsync(invocation.Client, invocation.Required(_rule), cancellationToken);
        var updated = await invocation.Client.UpdateNotificationRuleAsync(id, change, cancellationToken);
        return await TestNotifyCommand.ShowAsync(invocation, updated, $"Updated notification rule '{updated.Value.Name}'.");
    }
}

internal sealed class TestNotifyRemoveCommand : ServerCommand
{
    readonly Argument<string> _rule = TestNotifyCommand.RuleArgument();

    public TestNotifyRemoveCommand(CliContext context)
        : base("remove", "Delete a rule; its deliveries stay listed (admin key)", context)
    {
        Add(_rule);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = await TestNotifyCommand.ResolveAsync(invocation.Client, invocation.Required(_rule), cancellationToken);
        await invocation.Client.DeleteNotificationRuleAsync(id, cancellationToken);
        await invocation.Output.WriteLineAsync(invocation.Json
            ? JsonSerializer.Serialize(new { removed = id })
            : $"Removed notification rule '{invocation.Required(_rule)}' ({id}).");
        return ExitCodes.Ok;
    }
}

internal sealed class TestNotifyTestCommand : ServerCommand
{
    readonly Argument<string> _rule = TestNotifyCommand.RuleArgument();

    public TestNotifyTestCommand(CliContext context)
        : base("test", "Send a sample failed run to a rule now, enabled or not, and show what the receiver answered; exit 1 when it was not delivered (admin key)", context)
    {
        Add(_rule);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = await TestNotifyCommand.ResolveAsync(invocation.Client, invocation.Required(_rule), cancellationToken);
        var delivery = await invocation.Client.TestNotificationRuleAsync(id, cancellationToken);
        var delivered = delivery.Value.Status == NotificationDeliveryStatus.Delivered;
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, delivery.Json);
        }
        else
        {
            var d = delivery.Value;
            var answer = d.ResponseStatus is { } status ? $", HTTP {status}" : string.Empty;
            await invocation.Output.WriteLineAsync(delivered
                ? $"Delivered a sample to {d.Target} after {d.Attempts} attempt(s){answer} (delivery {d.Id})."
                : $"Not delivered to {d.Target}: {Formats.Kebab(d.Status)} after {d.Attempts} attempt(s){answer}: {d.Error ?? "no error given"} (delivery {d.Id}).");
        }

        return delivered ? ExitCodes.Ok : ExitCodes.Failure;
    }
}

internal sealed class TestNotifyDeliveriesCommand : ServerCommand
{
    readonly Option<string> _rule = new("--rule") { Description = "Only this rule's (its name or id)", HelpName = "RULE" };
    readonly Option<string> _run = new("--run") { Description = "Only this test run's", HelpName = "RUN_ID" };
    readonly Option<string> _status = new Option<string>("--status") { Description = "pending, delivered or failed", HelpName = "STATUS" }
        .AcceptOnlyFromAmong("pending", "delivered", "failed");
    readonly Option<int?> _limit = new("--limit") { Description = "At most this many, newest first (1-500) [default: 50]", HelpName = "N" };

    public TestNotifyDeliveriesCommand(CliContext context)
        : base("deliveries", "What was sent, newest first: rule, run, target, status, attempts, HTTP status, error (any key)", context)
    {
        Add(_rule);
        Add(_run);
        Add(_status);
        Add(_limit);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var rule = invocation.Value(_rule);
        // Deliveries outlive their rule, so an unknown name may still be a deleted rule's id: pass it through then.
        if (rule is not null && !rule.StartsWith("nrule_", StringComparison.Ordinal))
            rule = await TestNotifyCommand.ResolveAsync(invocation.Client, rule, cancellationToken);
        var page = await invocation.Client.ListNotificationDeliveriesAsync(rule, invocation.Value(_run), invocation.Value(_status), invocation.Value(_limit), null, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
            return ExitCodes.Ok;
        }

        if (page.Value.Items.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No deliveries.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("WHEN", "RULE", "RUN", "EVENTS", "TARGET", "STATUS", "ATTEMPTS", "HTTP", "ERROR");
        foreach (var d in page.Value.Items)
        {
            table.Add(Formats.Time(d.CreatedAt), d.RuleName, d.RunId ?? "-", string.Join(",", d.Events.Select(e => e.ToName())), Formats.Truncate(d.Target, 32),
                Formats.Kebab(d.Status), Formats.Number(d.Attempts), d.ResponseStatus is { } s ? Formats.Number(s) : "-", Formats.Truncate(d.Error ?? "-", 40));
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
