using System.Collections.Concurrent;
using Lightning.Core.Storage;
using Lightning.Monitoring.Alerts;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Persistence;
using Lightning.Monitoring.Storage;
using Lightning.TestUtilities;
using Lightning.TestUtilities.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Alerts;

/// <summary>
/// Alerting as the server registers it, on SQLite in a temp directory (or a fresh PostgreSQL database), reading an
/// in-memory metric store, on a fake clock, with short retry waits and every log line kept.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    readonly TempDirectory _temp = new();
    readonly PostgresDatabase? _postgres;

    AlertHarness(PostgresDatabase? postgres, Action<IServiceCollection>? extra, bool withStore)
    {
        _postgres = postgres;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Clock);
        services.AddOptions<LightningOptions>().Configure(options =>
        {
            options.DataDirectory = _temp.Combine("data");
            if (postgres is not null)
                options.Database = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = postgres.ConnectionString };
        });
        services.AddMonitoringAlerts();
        services.Configure<AlertOptions>(options => options.RetryDelayMilliseconds = 10);
        if (withStore) services.AddSingleton<IMetricStore>(Store);
        extra?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public static async Task<AlertHarness> CreateAsync(bool postgres = false, Action<IServiceCollection>? services = null, bool withStore = true)
    {
        var database = postgres ? await TestServices.CreatePostgresDatabaseAsync(TestContext.Current.CancellationToken) : null;
        var harness = new AlertHarness(database, services, withStore);
        await DatabaseSetup.MigrateAsync(harness.Services.GetRequiredService<IDbContextFactory<MonitoringDbContext>>(), TestContext.Current.CancellationToken);
        return harness;
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public InMemoryMetricStore Store { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; }
    public AlertRuleStore Rules => Services.GetRequiredService<AlertRuleStore>();
    public AlertEvaluator Evaluator => Services.GetRequiredService<AlertEvaluator>();
    public AlertDispatcher Dispatcher => Services.GetRequiredService<AlertDispatcher>();
    public AlertStore Alerts => Services.GetRequiredService<AlertStore>();
    public AlertHistory History => Services.GetRequiredService<AlertHistory>();
    public AlertChannelStore Channels => Services.GetRequiredService<AlertChannelStore>();
    public RoutingStore Routing => Services.GetRequiredService<RoutingStore>();
    public SilenceStore Silences => Services.GetRequiredService<SilenceStore>();
    public AlertBacktester Backtester => Services.GetRequiredService<AlertBacktester>();
    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A CPU rule per host: the last value over a minute above 90, for <paramref name="forDuration"/>.</summary>
    public static AlertRule CpuRule(TimeSpan? forDuration = null, string name = "HighCpu") => new()
    {
        Name = name,
        Query = new AlertQuery { Measurement = "cpu", Field = "usage", GroupBy = ["host"] },
        Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 90, Window = TimeSpan.FromMinutes(1) },
        For = forDuration ?? TimeSpan.FromMinutes(2),
        Labels = new Dictionary<string, string> { ["severity"] = "critical" },
        Annotations = new Dictionary<string, string> { ["summary"] = "CPU on {{ $labels.host }} is {{ $value }}%" },
    };

    public Task<AlertRule> CreateRuleAsync(AlertRule rule) => Rules.CreateAsync(rule, "tests", Token);

    /// <summary>A CPU sample of <paramref name="host"/> at the clock's now (a second before, so it is inside [now - window, now)).</summary>
    public void Cpu(string host, double value) =>
        Store.Add("cpu", new Dictionary<string, string> { ["host"] = host }, "usage", Clock.GetUtcNow().AddSeconds(-1), value);

    /// <summary>Evaluates the rule at the clock's now.</summary>
    public Task<IReadOnlyList<AlertTransition>> EvaluateAsync(AlertRule rule) => Evaluator.EvaluateAsync(rule, Clock.GetUtcNow(), Token);

    public async Task<IReadOnlyList<AlertView>> AlertsAsync(AlertState? state = null) =>
        (await Alerts.ListAsync(state, null, 1000, null, Token)).Alerts;

    public async Task<IReadOnlyList<AlertEvent>> EventsAsync(string? type = null, string? alert = null) =>
        (await History.PageAsync(new AlertHistoryQuery(AlertId: alert, Type: type, Limit: 500), Token)).Events;

    public Task<AlertChannelView> WebhookChannelAsync(Uri url, string name = "ops-hook", string secret = "s3cret-signing-key-0001") =>
        Channels.CreateAsync(new AlertChannelRequest { Name = name, Type = ChannelType.Webhook, Url = url.AbsoluteUri, Secret = secret }, Token);

    public Task<AlertRoutingConfig> RouteAsync(AlertRoutingConfig config) => Routing.SetAsync(config, Token);

    public static TagFilter Is(string label, string value) => new(label, TagOperator.Equal, value);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>Keeps every formatted log line, so a test can prove a secret never reached the logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Lines.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
