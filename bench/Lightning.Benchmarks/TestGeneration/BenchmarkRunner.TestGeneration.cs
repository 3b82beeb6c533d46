using System.Globalization;
using Lightning.Benchmarks.TestGeneration;

namespace Lightning.Benchmarks;

// --only test-generation: benchmark 4, generation acceptance per language and overall.
internal static partial class BenchmarkRunner
{
    static async Task<int> RunTestGenerationAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        var max = options.Quick ? 4 : 12;
        output.WriteLine($"4. Test generation: fixture projects written by the bench (Python: 3 modules, JavaScript: 2, ES modules: 2, TypeScript: 2, Go: 3 packages, C#: 2), up to {max} characterisation candidates per file,");
        output.WriteLine("   each through the real filters (pytest / Jest / go test / dotnet: collect, parse, type-check or build, 5 runs through the runner, coverage.py / istanbul / go cover / coverlet gain)");
        IReadOnlyList<TestGenerationBenchmark.LanguageResult> results;
        try
        {
            results = await TestGenerationBenchmark.RunAsync(max, output, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the test generation benchmark failed: {ex.Message}");
            return ExitFailed;
        }

        output.WriteLine();
        output.WriteLine("  language    files  tried  compiled        passed 5/5      added coverage  seconds");
        var total = new TestGenerationBenchmark.LanguageResult("overall", results.Sum(r => r.Files), results.Sum(r => r.Tried), results.Sum(r => r.Compiled),
            results.Sum(r => r.Passed), results.Sum(r => r.Added), results.Sum(r => r.Seconds), [.. results.SelectMany(r => r.Rejections)]);
        foreach (var result in results.Append(total))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {result.Language,-10} {result.Files,6} {result.Tried,6}  {Share(result.Compiled, result.Tried),-15} {Share(result.Passed, result.Tried),-15} {Share(result.Added, result.Tried),-15} {result.Seconds,7:0.0}"));
        }

        foreach (var rejection in total.Rejections)
        {
            output.WriteLine($"  rejected: {rejection}");
        }

        output.WriteLine();
        var checks = new[]
        {
            ("compile", (double)total.Compiled / Math.Max(1, total.Tried), TestGenerationBenchmark.CompileTarget),
            ("pass 5 of 5", (double)total.Passed / Math.Max(1, total.Tried), TestGenerationBenchmark.PassTarget),
            ("add coverage", (double)total.Added / Math.Max(1, total.Tried), TestGenerationBenchmark.CoverageTarget),
        };
        foreach (var (name, share, target) in checks)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  target: at least {target:P0} of candidates {name}: {share:P1} {(share >= target ? "MET" : "MISSED")}"));
        }

        return total.Tried == 0 ? ExitFailed : ExitOk;
    }

    static string Share(int part, int whole) => whole == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{part} ({(double)part / whole:P0})");
}
