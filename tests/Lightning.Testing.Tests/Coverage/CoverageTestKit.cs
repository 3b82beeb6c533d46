using System.Runtime.CompilerServices;
using System.Text;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Reports;

namespace Lightning.Testing.Tests.Coverage;

/// <summary>Helpers for the coverage tests: the golden coverage corpus, its fixture projects, parsing text, and JSON snapshots.</summary>
internal static class CoverageTestKit
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The coverage corpus as copied to the test output.</summary>
    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "coverage");

    /// <summary>The coverage corpus in the source tree: its fixture projects (not copied to the output) and where snapshots are rewritten.</summary>
    public static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Golden", "coverage"));

    public static string Golden(string file) => Path.Combine(GoldenDirectory, file);

    /// <summary>The fixture project a tool's reports were made from (its regenerate.sh copied it to /tmp/lightning-golden/coverage/&lt;tool&gt;).</summary>
    public static string Fixture(string tool) => Path.Combine(SourceGoldenDirectory(), tool, "fixture");

    /// <summary>Where the tool ran, which its reports' absolute paths start with.</summary>
    public static string WorkDirectory(string tool) => $"/tmp/lightning-golden/coverage/{tool}";

    public static string ToolOf(string file) => file[..file.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>A golden report as parsed, named by its corpus path.</summary>
    public static async Task<CoverageReport> ReadAsync(string file)
    {
        await using var stream = File.OpenRead(Golden(file));
        return await new CoverageReader().ReadAsync(stream, file, Cancellation);
    }

    /// <summary>A golden report with its paths mapped onto its fixture project, as if the fixture were the repository.</summary>
    public static async Task<CoverageMappingResult> ReadMappedAsync(string file)
    {
        var tool = ToolOf(file);
        var mapper = new CoveragePathMapper(Fixture(tool), [new CoveragePathMapping(WorkDirectory(tool), string.Empty)]);
        return mapper.Map(await ReadAsync(file));
    }

    public static Task<CoverageReport> ParseAsync(ICoverageParser parser, string text, string source = "coverage") =>
        parser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), source, Cancellation);

    public static async Task<string> JsonAsync(CoverageReport report)
    {
        using var buffer = new MemoryStream();
        await CoverageJsonWriter.WriteAsync(report, buffer, Cancellation, indented: true);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static FileCoverage FileEndingWith(this CoverageReport report, string suffix) =>
        report.Files.Single(file => file.Path.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>The numbers of the lines that ran, and of those that did not.</summary>
    public static (int[] Covered, int[] Missed) Split(this FileCoverage file) =>
        ([.. file.Lines.Where(line => line.Covered).Select(line => line.Number)], [.. file.Lines.Where(line => !line.Covered).Select(line => line.Number)]);
}
