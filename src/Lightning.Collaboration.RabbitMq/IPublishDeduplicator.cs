namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// Remembers which message ids were published, so that publishing the same id again is dropped. RabbitMQ has no native
/// de-duplication: the bus claims the id before sending, confirms the claim once the broker confirmed the publish, and
/// gives the claim back when the send fails.
/// </summary>
public interface IPublishDeduplicator
{
    /// <summary>True when <paramref name="key"/> was not seen before (and is now claimed); false for a duplicate.</summary>
    ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the broker confirmed the publish of a claimed <paramref name="key"/>. A store that keeps claims
    /// "pending" until then (so that a publisher that died between claim and publish never makes the retry a duplicate)
    /// marks it published here; the default does nothing.
    /// </summary>
    ValueTask ConfirmAsync(string key, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Forgets a claim whose publish failed, so that a retry of the same message can go through.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
