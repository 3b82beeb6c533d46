using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// A Maven version range: <c>[1.0,2.0)</c>, <c>[5.8,)</c>, <c>(,1.0]</c>, the exact <c>[1.2]</c>, and unions of them
/// (<c>[1,2),[3,4)</c>). Bounds are ordered by <see cref="VersionComparer"/>. Maven resolves a range to the highest
/// version available inside it; here "available" means on this machine, since nothing is downloaded.
/// </summary>
internal sealed partial class VersionRange
{
    readonly IReadOnlyList<(string? Lower, bool LowerInclusive, string? Upper, bool UpperInclusive)> _restrictions;

    VersionRange(string text, IReadOnlyList<(string?, bool, string?, bool)> restrictions)
    {
        Text = text;
        _restrictions = restrictions;
    }

    /// <summary>The range as written.</summary>
    public string Text { get; }

    /// <summary>True when <paramref name="version"/> starts like a range (<c>[</c> or <c>(</c>): Maven reads it as one, never as a version.</summary>
    public static bool IsRange(string? version) => version is { Length: > 0 } && version[0] is '[' or '(';

    /// <summary>The range, or null when <paramref name="text"/> is a plain version.</summary>
    /// <exception cref="InvalidOperationException">It starts like a range but is not one (unbalanced, bounds reversed).</exception>
    public static VersionRange? Parse(string? text)
    {
        if (text is null || !IsRange(text))
        {
            return null;
        }

        var compact = string.Concat(text.Where(character => !char.IsWhiteSpace(character)));
        var restrictions = new List<(string?, bool, string?, bool)>();
        var position = 0;
        foreach (Match match in Restriction().Matches(compact))
        {
            // Restrictions are separated by exactly one comma; anything else between them is not a range.
            var gap = compact[position..match.Index];
            if (gap.Length != (restrictions.Count == 0 ? 0 : 1) || (gap.Length == 1 && gap != ","))
            {
                throw Invalid(text);
            }

            position = match.Index + match.Length;
            var lowerInclusive = match.Groups["open"].Value == "[";
            var upperInclusive = match.Groups["close"].Value == "]";
            var bounds = match.Groups["bounds"].Value.Split(',');
            switch (bounds)
            {
                case [var single] when single.Length > 0 && lowerInclusive && upperInclusive:
                    // [1.2] is exactly 1.2.
                    restrictions.Add((single, true, single, true));
                    break;
                case [var lower, var upper]:
                    var low = lower.Length == 0 ? null : lower;
                    var high = upper.Length == 0 ? null : upper;
                    if ((low is null && lowerInclusive) || (high is null && upperInclusive)
                        || (low is not null && high is not null && VersionComparer.Instance.Compare(low, high) > 0))
                    {
                        throw Invalid(text);
                    }

                    restrictions.Add((low, lowerInclusive, high, upperInclusive));
                    break;
                default:
                    throw Invalid(text);
            }
        }

        if (restrictions.Count == 0 || position != compact.Length)
        {
            throw Invalid(text);
        }

        return new VersionRange(text, restrictions);
    }

    /// <summary>True when <paramref name="version"/> is inside one of the range's restrictions.</summary>
    public bool Contains(string version) => _restrictions.Any(restriction =>
    {
        var comparer = VersionComparer.Instance;
        if (restriction.Lower is { } lower && comparer.Compare(version, lower) is var low && (low < 0 || (low == 0 && !restriction.LowerInclusive)))
        {
            return false;
        }

        return restriction.Upper is not { } upper || comparer.Compare(version, upper) is var high && (high < 0 || (high == 0 && restriction.UpperInclusive));
    });

    /// <summary>The highest of <paramref name="versions"/> inside the range, null when none is.</summary>
    public string? Highest(IEnumerable<string> versions) => versions.Where(Contains).Max(VersionComparer.Instance);

    public override string ToString() => Text;

    static InvalidOperationException Invalid(string text) =>
        new($"'{text}' is not a Maven version range (forms: [1.0,2.0), [5.8,), (,1.0], [1.2], [1,2),[3,4)).");

    [GeneratedRegex(@"(?<open>[\[(])(?<bounds>[^\[\]()]*)(?<close>[\])])")]
    private static partial Regex Restriction();
}
