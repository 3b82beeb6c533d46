namespace Lightning.Core.Ids;

/// <summary>Identifiers are a short type prefix and a time-ordered GUID, so they sort by creation and say what they name.</summary>
public static class LightningId
{
    public static string New(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        return prefix + "_" + Guid.CreateVersion7().ToString("N");
    }
}
