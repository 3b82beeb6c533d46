namespace Lightning.Monitoring.Storage;

/// <summary>An <see cref="IMetricStore"/> that wraps another (to observe writes, for instance) and passes everything on.</summary>
public interface IMetricStoreDecorator
{
    IMetricStore Inner { get; }
}

public static class MetricStoreExtensions
{
    /// <summary>
    /// The store under any decorators: what operations that belong to one engine (backups, retention, export) need
    /// to recognise, since the registered <see cref="IMetricStore"/> may be wrapped.
    /// </summary>
    public static IMetricStore Underlying(this IMetricStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        while (store is IMetricStoreDecorator decorator)
        {
            store = decorator.Inner;
        }

        return store;
    }
}
