using Lightning.Testing.Results;

namespace Lightning.Testing.Runners;

/// <summary>Reads the report files a pass wrote (one per engine, per file, per package) into one run.</summary>
internal static class ReportFiles
{
    /// <returns>Null when there is no file.</returns>
    public static async Task<TestRun?> ReadAsync(TestReportReader reader, IEnumerable<string> files, CancellationToken cancellationToken)
    {
        TestRun? merged = null;
        foreach (var file in files.Where(File.Exists).Order(StringComparer.Ordinal))
        {
            var run = await reader.ReadFileAsync(file, cancellationToken);
            merged = merged is null ? run : Merge(merged, run);
        }

        return merged;
    }

    public static Task<TestRun?> ReadAsync(TestReportReader reader, string file, CancellationToken cancellationToken) =>
        ReadAsync(reader, [file], cancellationToken);

    public static TestRun Merge(TestRun first, TestRun second) => first with
    {
        Framework = first.Framework ?? second.Framework,
        StartedAt = Min(first.StartedAt, second.StartedAt),
        FinishedAt = Max(first.FinishedAt, second.FinishedAt),
        Duration = first.Duration is { } a && second.Duration is { } b ? (a > b ? a : b) : first.Duration ?? second.Duration,
        Suites = [.. first.Suites, .. second.Suites],
        Stdout = ReportValues.Append(first.Stdout, second.Stdout),
        Stderr = ReportValues.Append(first.Stderr, second.Stderr),
        Messages = [.. first.Messages, .. second.Messages],
        Properties = [.. first.Properties, .. second.Properties],
    };

    static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
