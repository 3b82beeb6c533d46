using System.Collections.Concurrent;
using Lightning.Core.Ids;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Notifications;

/// <summary>
/// Told of every recorded run: works out what happened (failed, errored, timed out, recovered, flaky tests), records a
/// pending delivery for each enabled rule that wants it, and sends them in the background so a slow or retried webhook
/// never holds the run's stream open. Every delivery ends recorded as delivered or failed, with its attempts and error.
/// </summary>
public sealed class TestRunNotifier(
    NotificationRuleStore rules,
    TestHistoryStore history,
    WebhookSender webhooks,
    EmailSender emails,
    TimeProvider timeProvider,
    IOptions<NotificationOptions> options,
    ILogger<TestRunNotifier> logger) : ITestRunObserver, IAsyncDisposable
{
    readonly ConcurrentDictionary<Task, bool> _sending = new();
    readonly CancellationTokenSource _stopping = new();
    int _disposed;

    public async Task OnRunRecordedAsync(TestRunView run, IReadOnlyList<TestRunProjectResult> projects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var events = await EventsOfAsync(run, cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var rule in await rules.MatchingAsync(run.Repository, events, cancellationToken))
        {
            var wanted = NotificationEvents.Split(rule.Events).Where(events.Contains).Order().ToList();
            var delivery = await rules.AddDeliveryAsync(NewDelivery(rule, run.Id, NotificationEvents.Join(wanted)), cancellationToken);
            var message = NotificationMessage.For(delivery.Id, wanted, new(rule.Id, rule.Name), run, projects, options.Value.PublicBaseUrl, options.Value.MaxFailuresListed);
            Track(DeliverAsync(rule, delivery, message, _stopping.Token));
        }
    }

    /// <summary>Sends a sample failed run to one rule now (whether or not it is enabled) and returns the recorded delivery.</summary>
    public async Task<NotificationDelivery> SendTestAsync(string ruleId, CancellationToken cancellationToken)
    {
        var rule = await rules.EntityAsync(ruleId, cancellationToken);
        var delivery = await rules.AddDeliveryAsync(NewDelivery(rule, null, NotificationEvent.Test.ToName()), cancellationToken);
        var (run, projects) = SampleRun(timeProvider.GetUtcNow());
        var message = NotificationMessage.For(delivery.Id, [NotificationEvent.Test], new(rule.Id, rule.Name), run, projects, options.Value.PublicBaseUrl,
            options.Value.MaxFailuresListed);
        return await DeliverAsync(rule, delivery, message, cancellationToken);
    }

    /// <summary>
    /// Sends again what a stopped process left pending (call once at start): the run's results are stored, so the message
    /// is rebuilt as it was. A sample, or a delivery whose rule or run is gone, ends failed and says why.
    /// </summary>
    public async Task<int> ResumePendingAsync(CancellationToken cancellationToken)
    {
        var pending = await rules.PendingDeliveriesAsync(cancellationToken);
        foreach (var delivery in pending)
        {
            var rule = await rules.FindEntityAsync(delivery.RuleId, cancellationToken);
            var run = delivery.RunId is null ? null : await history.FindAsync(delivery.RunId, cancellationToken);
            var projects = run is null ? null : await history.ReadResultsAsync(run.Id, cancellationToken);
            var events = NotificationEvents.Split(delivery.Events);
            if (rule is null || run is null || projects is null || events.Count == 0)
            {
                var why = rule is null ? "its rule was deleted" : delivery.RunId is null ? "it was a sample" : "its run is gone";
                await rules.FinishDeliveryAsync(delivery.Id, new DeliveryResult(false, delivery.Attempts, null,
                    $"The process stopped before this notification was sent, and it was not sent again: {why}."), cancellationToken);
                continue;
            }

            var message = NotificationMessage.For(delivery.Id, events, new(rule.Id, rule.Name), run, projects, options.Value.PublicBaseUrl, options.Value.MaxFailuresListed);
            Track(DeliverAsync(rule, delivery, message, _stopping.Token));
        }

        return pending.Count;
    }

    /// <summary>Waits for the deliveries under way (tests, and a clean shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_sending.Keys);

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as an observer: the container disposes the one instance twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Give deliveries under way a moment, then cancel the rest: they stay recorded as pending.
        await DrainAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _stopping.CancelAsync();
        await DrainAsync().ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    /// <summary>What a run is worth telling, the primary event first.</summary>
    async Task<List<NotificationEvent>> EventsOfAsync(TestRunView run, CancellationToken cancellationToken)
    {
        var events = new List<NotificationEvent>();
        switch (run.Status)
        {
            case TestRunStatus.Failed:
                events.Add(NotificationEvent.Failed);
                break;
            case TestRunStatus.Errored:
                events.Add(NotificationEvent.Errored);
                break;
            case TestRunStatus.TimedOut:
                events.Add(NotificationEvent.TimedOut);
                break;
            case TestRunStatus.Passed when await rules.PreviousStatusAsync(run, cancellationToken) is TestRunStatus.Failed or TestRunStatus.Errored or TestRunStatus.TimedOut:
                events.Add(NotificationEvent.Recovered);
                break;
        }

        if (run.Totals.Flaky > 0 && run.Status != TestRunStatus.Cancelled)
        {
            events.Add(NotificationEvent.FlakyFound);
        }

        return events;
    }

    async Task<NotificationDelivery> DeliverAsync(NotificationRuleEntity rule, NotificationDeliveryEntity delivery, NotificationMessage message, CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = rule.Channel switch
            {
                NotificationChannel.Webhook => await webhooks.SendAsync(new Uri(rule.Url!), rules.SecretOf(rule)!, message, cancellationToken),
                _ => await emails.SendAsync(NotificationRuleStore.SplitRecipients(rule.Recipients), message, cancellationToken),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = new DeliveryResult(false, delivery.Attempts, null, "Cancelled: the server was stopping.");
        }
#pragma warning disable CA1031 // A delivery that breaks (a secret that no longer decrypts) is recorded as failed, never thrown into the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DeliveryCrashed(logger, ex, delivery.Id, rule.Name);
            result = new DeliveryResult(false, delivery.Attempts, null, $"The notification could not be sent: {ex.Message}");
        }

        var recorded = await rules.FinishDeliveryAsync(delivery.Id, result, CancellationToken.None);
        if (result.Delivered)
        {
            Log.Delivered(logger, delivery.Id, rule.Name, delivery.Channel.ToString(), delivery.RunId ?? "sample", result.Attempts);
        }
        else
        {
            Log.DeliveryFailed(logger, delivery.Id, rule.Name, delivery.Channel.ToString(), delivery.RunId ?? "sample", result.Attempts, result.Error ?? string.Empty);
        }

        return recorded;
    }

    void Track(Task<NotificationDelivery> delivery)
    {
        _sending[delivery] = true;
        _ = delivery.ContinueWith(done => _sending.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    NotificationDeliveryEntity NewDelivery(NotificationRuleEntity rule, string? runId, string events) => new()
    {
        Id = LightningId.New("ndel"),
        RuleId = rule.Id,
        RuleName = rule.Name,
        RunId = runId,
        Events = events,
        Channel = rule.Channel,
        Target = TestingDbContext.Fit(rule.Channel == NotificationChannel.Webhook ? new Uri(rule.Url!).Host : rule.Recipients ?? string.Empty, NotificationModel.MaxRecipients)!,
        Status = NotificationDeliveryStatus.Pending,
        CreatedAt = timeProvider.GetUtcNow(),
    };

    /// <summary>A failed run with one failing test, so a rule's receiver can be checked end to end.</summary>
    static (TestRunView Run, IReadOnlyList<TestRunProjectResult> Projects) SampleRun(DateTimeOffset now)
    {
        var failing = new TestCase
        {
            Id = "tests/test_sample.py::test_notification",
            Name = "test_notification",
            File = "tests/test_sample.py",
            Line = 3,
            Outcome = TestOutcome.Failed,
            Failures = [new TestFailure(TestFailureKind.Failure, "assert 'sample' == 'notification' (a sample sent by the rule's test route)", "AssertionError", null)],
        };
        var passing = new TestCase { Id = "tests/test_sample.py::test_passes", Name = "test_passes", Outcome = TestOutcome.Passed };
        var results = new TestRun { Framework = "pytest", Suites = [new TestSuite { Name = "pytest", Cases = [failing, passing] }] };
        var run = new TestRunView("trun_sample", "sample", null, "pytest", [], 0, null, "test", "notification-test", null, null, TestRunStatus.Failed,
            now, now, now, results.Totals, null);
        return (run, [new TestRunProjectResult(".", "pytest", "pytest", null, 1, false, null, results)]);
    }
}
