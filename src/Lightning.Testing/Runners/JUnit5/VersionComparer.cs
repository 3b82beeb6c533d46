namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// Orders library versions the way Maven's and Gradle's comparators mostly agree: split at '.', '-' and '_', numbers
/// compared as numbers, a number above a word (1.0 &gt; 1.0-beta), words compared without case, and a missing part as 0
/// (1.0 = 1.0.0). Qualifier rankings (alpha &lt; beta &lt; rc &lt; release) are not modelled beyond that.
/// </summary>
internal sealed class VersionComparer : IComparer<string>
{
    public static readonly VersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var left = Parts(x);
        var right = Parts(y);
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var a = i < left.Length ? left[i] : "0";
            var b = i < right.Length ? right[i] : "0";
            var aNumber = long.TryParse(a, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var aValue);
            var bNumber = long.TryParse(b, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bValue);
            var order = (aNumber, bNumber) switch
            {
                (true, true) => aValue.CompareTo(bValue),
                (true, false) => 1,
                (false, true) => -1,
                _ => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    static string[] Parts(string? version) => (version ?? string.Empty).Split(['.', '-', '_'], StringSplitOptions.RemoveEmptyEntries);
}
