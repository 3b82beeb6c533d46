using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Housekeeping;

/// <summary>Prunes test runs at start and every <see cref="TestRunRetentionOptions.IntervalMinutes"/> while the server runs.</summary>
public sealed class TestRunRetentionService(
    TestRunPruner pruner, TimeProvider timeProvider, IOptions<TestRunRetentionOptions> options, ILogger<TestRunRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes), timeProvider);
        do
        {
            try
            {
                var deleted = await pruner.PruneAsync(stoppingToken);
                if (deleted > 0)
                {
                    Log.RunsPruned(logger, deleted, options.Value.Days, options.Value.MaxRunsPerRepository);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be away for a while: log and try again at the next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.PruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
