using Lightning.Core.Errors;

namespace Lightning.Testing.Results;

/// <summary>Report formats as users name them when they import one: <c>junit</c>, <c>trx</c>, <c>tap</c>, <c>go-json</c>, <c>events</c>.</summary>
public static class TestReportFormats
{
    public const string Names = "junit, trx, tap, go-json or events";

    public static string NameOf(TestReportFormat format) => format switch
    {
        TestReportFormat.JUnitXml => "junit",
        TestReportFormat.Trx => "trx",
        TestReportFormat.Tap => "tap",
        TestReportFormat.GoTestJson => "go-json",
        _ => "events",
    };

    /// <summary>The format a user named (aliases: <c>xml</c>, <c>junit-xml</c>, <c>go</c>, <c>go-test-json</c>, <c>json</c>, <c>jsonl</c>); null when absent (told from the file).</summary>
    /// <exception cref="ValidationFailedException">an unknown name, on <c>format</c>.</exception>
    public static TestReportFormat? ParseImport(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "junit" or "junit-xml" or "xml" => TestReportFormat.JUnitXml,
        "trx" => TestReportFormat.Trx,
        "tap" => TestReportFormat.Tap,
        "go-json" or "go" or "go-test-json" or "gotest-json" => TestReportFormat.GoTestJson,
        "events" or "json" or "jsonl" => TestReportFormat.EventStream,
        _ => throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["format"] = [$"Unknown report format '{name}': use {Names} (or leave it out: the format is read from the file)."],
        }),
    };
}
