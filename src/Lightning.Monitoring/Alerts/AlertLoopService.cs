using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Alerts;

/// <summary>
/// The alerting loop: each tick evaluates the rules that are due, then dispatches notifications and escalations. With
/// the defaults (tick 1 s, interval 5 s, group wait 5 s) a breach is announced within about 11 s.
/// </summary>
public sealed class AlertLoopService(
    AlertEvaluator evaluator, AlertDispatcher dispatcher, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<AlertLoopService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var tick = TimeSpan.FromMilliseconds(options.Value.TickMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await evaluator.EvaluateDueAsync(stoppingToken);
                await dispatcher.DispatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One bad tick (a database hiccup) must not stop alerting for good.
                Log.LoopFailed(logger, ex);
            }

            try
            {
                await Task.Delay(tick, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
