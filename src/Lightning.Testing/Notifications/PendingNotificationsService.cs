using Microsoft.Extensions.Hosting;

namespace Lightning.Testing.Notifications;

/// <summary>At server start, sends again the notifications a stopped process left pending (<see cref="TestRunNotifier.ResumePendingAsync"/>).</summary>
public sealed class PendingNotificationsService(TestRunNotifier notifier) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => notifier.ResumePendingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
