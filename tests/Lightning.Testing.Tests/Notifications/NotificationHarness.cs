using Lightning.Testing.History;
using Lightning.Testing.Notifications;
using Lightning.Testing.Persistence;
using Lightning.Testing.Tests.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Tests.Notifications;

/// <summary>The history harness with notifications as the server has them, short retry waits and every log line kept.</summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    NotificationHarness(HistoryHarness history, CapturingLoggerProvider logs)
    {
        History = history;
        Logs = logs;
    }

    public HistoryHarness History { get; }

    public CapturingLoggerProvider Logs { get; }

    public NotificationRuleStore Rules => History.Services.GetRequiredService<NotificationRuleStore>();

    public TestRunNotifier Notifier => History.Services.GetRequiredService<TestRunNotifier>();

    public static async Task<NotificationHarness> CreateAsync(Action<NotificationOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var history = await HistoryHarness.CreateAsync(services: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.Configure<NotificationOptions>(options =>
            {
                options.RetryDelayMilliseconds = 10;
                options.MaxAttempts = 3;
                options.PublicBaseUrl = "https://lightning.example.com/";
                configure?.Invoke(options);
            });
        });
        return new NotificationHarness(history, logs);
    }

    /// <summary>Imports a report (observers run) and waits until every delivery it caused has ended.</summary>
    public async Task<TestRunView> ImportAsync(string report, string repository = "shop")
    {
        var run = await History.ImportAsync(report, repository);
        await Notifier.DrainAsync();
        return run;
    }

    public async Task<IReadOnlyList<NotificationDelivery>> DeliveriesAsync(string? runId = null) =>
        (await Rules.ListDeliveriesAsync(null, runId, null, 500, null, TestContext.Current.CancellationToken)).Items;

    public async Task<NotificationRuleEntity> RowAsync(string id)
    {
        await using var context = await History.Services.GetRequiredService<IDbContextFactory<TestingDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await context.NotificationRules.SingleAsync(r => r.Id == id, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => History.DisposeAsync();
}
