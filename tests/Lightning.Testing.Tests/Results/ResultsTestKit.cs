using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Results;

/// <summary>Helpers for the result tests: golden files, parsing text, and comparing models structurally.</summary>
internal static class ResultsTestKit
{
    static readonly JsonSerializerOptions Indented = new(LightningJson.Options) { WriteIndented = true };

    /// <summary>The golden corpus as copied to the test output.</summary>
    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>The golden corpus in the source tree, where LIGHTNING_GOLDEN_UPDATE=1 writes expected models.</summary>
    public static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Golden"));

    public static string Golden(params string[] parts) => Path.Combine([GoldenDirectory, .. parts]);

    /// <summary>The model as indented JSON: records compare lists by reference, JSON compares them by content.</summary>
    public static string Json(TestRun run) => JsonSerializer.Serialize(run, Indented);

    /// <summary>Compares two runs as JSON and, when they differ, names the first line that does.</summary>
    public static void ShouldBeSameRunAs(this TestRun actual, TestRun expected) => ShouldBeSameJson(Json(actual), Json(expected));

    public static void ShouldBeSameJson(string actual, string expected)
    {
        if (actual == expected)
        {
            return;
        }

        var actualLines = actual.Split('\n');
        var expectedLines = expected.Split('\n');
        for (var i = 0; i < Math.Max(actualLines.Length, expectedLines.Length); i++)
        {
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            if (a != e)
            {
                var context = string.Join("\n", expectedLines[Math.Max(0, i - 6)..Math.Min(expectedLines.Length, i + 1)]);
                throw new Xunit.Sdk.XunitException($"The runs differ at JSON line {i + 1}:\n expected: {e}\n   actual: {a}\nexpected context:\n{context}");
            }
        }
    }

    public static Task<TestRun> ParseAsync(ITestReportParser parser, string text, string source = "report") =>
        parser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), source, TestContext.Current.CancellationToken);

    public static async Task<TestRun> ReadGoldenAsync(params string[] parts) =>
        await new TestReportReader().ReadFileAsync(Golden(parts), TestContext.Current.CancellationToken);

    public static async Task<string> WriteAsync(ITestReportWriter writer, TestRun run)
    {
        using var buffer = new MemoryStream();
        await writer.WriteAsync(run, buffer, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static TestCase Case(this TestRun run, string name) =>
        run.EnumerateCases().Single(testCase => testCase.Name == name);

    public static TestSuite Suite(this TestRun run, string name) =>
        run.EnumerateSuites().Single(suite => suite.Name == name);

    /// <summary>Every string anywhere in the model, for "is this text of the report kept somewhere" checks.</summary>
    public static IReadOnlyList<string> Strings(TestRun run)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(run, LightningJson.Options));
        var strings = new List<string>();
        Collect(document.RootElement, strings);
        return strings;
    }

    static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, strings);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
        }
    }
}
