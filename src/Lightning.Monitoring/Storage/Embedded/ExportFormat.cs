namespace Lightning.Monitoring.Storage.Embedded;

public enum ExportFormat
{
    Csv,
    Parquet,
}

/// <summary>What a store holds and what it costs on disk.</summary>
public sealed record StoreStatistics(long Points, long CompactedPoints, long StringPoints, long Series, long UsedBytes, long FileBytes, long WalBytes)
{
    /// <summary>Bytes of used database blocks per stored point (numeric and string).</summary>
    public double BytesPerPoint => Points + StringPoints == 0 ? 0 : (double)UsedBytes / (Points + StringPoints);
}
