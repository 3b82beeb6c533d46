namespace Lightning.Git.Hosting.Webhooks;

/// <summary>
/// Receives accepted webhook events (a push can start a collaboration). The delivery counts as handled only when every
/// sink returned; a sink that throws makes the receiver answer 500 so the provider's redelivery tries again, and the
/// sinks that did succeed see the event again then: a sink must be idempotent by <see cref="GitWebhookEvent.DeliveryId"/>.
/// </summary>
public interface IGitEventSink
{
    Task OnEventAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken);
}
