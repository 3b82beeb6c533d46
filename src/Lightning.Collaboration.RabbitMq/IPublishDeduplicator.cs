namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// Remembers which message ids were published, so that publishing the same id again is dropped. RabbitMQ has no native
/// de-duplication: the bus asks this before sending, and gives the claim back when the send fails.
/// </summary>
public interface IPublishDeduplicator
{
    /// <summary>True when <paramref name="key"/> was not seen before (and is now claimed); false for a duplicate.</summary>
    ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose publish failed, so that a retry of the same message can go through.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
