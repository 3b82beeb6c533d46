using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Results.GoTest;

/// <summary>One test2json event (<c>go doc test2json</c>): Time, Action, Package, Test, Elapsed (seconds), Output, and Go 1.24's ImportPath and FailedBuild.</summary>
internal sealed partial record GoTestEvent(
    DateTimeOffset? Time, string Action, string? Package, string? Test, TimeSpan? Elapsed, string? Output, string? ImportPath, string? FailedBuild)
{
    public static GoTestEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the line is JSON but not an object.");
        }

        var action = String(root, nameof(Action)) ?? throw new FormatException("the object has no \"Action\".");
        DateTimeOffset? time = null;
        if (String(root, nameof(Time)) is { } timeText)
        {
            time = ParseTime(timeText);
        }

        TimeSpan? elapsed = null;
        if (root.TryGetProperty(nameof(Elapsed), out var elapsedElement) && elapsedElement.ValueKind == JsonValueKind.Number)
        {
            elapsed = TimeSpan.FromTicks((long)decimal.Round(elapsedElement.GetDecimal() * TimeSpan.TicksPerSecond));
        }

        return new GoTestEvent(time, action, String(root, nameof(Package)), String(root, nameof(Test)), elapsed, String(root, nameof(Output)), String(root, nameof(ImportPath)), String(root, nameof(FailedBuild)));
    }

    static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    /// <summary>RFC 3339 with up to nine fractional digits; .NET reads seven, so the rest (below a tick) is cut.</summary>
    static DateTimeOffset ParseTime(string text)
    {
        var trimmed = ExcessFraction().Replace(text, "$1");
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new FormatException($"\"Time\" is \"{text}\", which is not an RFC 3339 time.");
        }

        return time;
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex ExcessFraction();
}
