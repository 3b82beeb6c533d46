using System.Globalization;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>Reads procfs files under a root (normally /proc), so that tests and containers can point elsewhere.</summary>
internal sealed class ProcFs(string root)
{
    public string Root { get; } = root;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string ReadText(string relative) => File.ReadAllText(PathOf(relative));

    public bool TryReadText(string relative, out string text)
    {
        try
        {
            text = File.ReadAllText(PathOf(relative));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Files of a process that just exited, or of another user's process, disappear or refuse: not an error.
            text = string.Empty;
            return false;
        }
    }

    public static ulong ParseUnsigned(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string[] Words(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A per-second rate from two counter readings; a counter that went back (wrap, reset) gives no rate.</summary>
    public static double? Rate(ulong previous, ulong current, double seconds) =>
        current < previous || seconds <= 0 ? null : (current - previous) / seconds;
}
