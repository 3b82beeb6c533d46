using System.Globalization;
using Lightning.Core.Processes;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Generation;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Benchmarks.TestGeneration;

/// <summary>
/// Benchmark 4: generation acceptance on fixture projects written here, per language: of the candidates tried, the
/// share that compiled, passed 5 runs out of 5 and added coverage (targets 85 %, 70 %, 35 %). Characterisation only
/// (no model is configured on the bench machine). Each source file is generated for separately, as a user would.
/// </summary>
internal static class TestGenerationBenchmark
{
    public const double CompileTarget = 0.85;
    public const double PassTarget = 0.70;
    public const double CoverageTarget = 0.35;

    internal sealed record LanguageResult(string Language, int Files, int Tried, int Compiled, int Passed, int Added, double Seconds, IReadOnlyList<string> Rejections);

    public static async Task<IReadOnlyList<LanguageResult>> RunAsync(int maxPerFile, TextWriter output, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "lightning-bench-gen-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var jest = Environment.GetEnvironmentVariable("LIGHTNING_TEST_JEST_BIN");
            var searchPath = (string.IsNullOrEmpty(jest) ? string.Empty : jest + Path.PathSeparator) + Environment.GetEnvironmentVariable("PATH");
            var generator = Generator(searchPath, Path.Combine(root, "scratch"));
            var results = new List<LanguageResult>();
            foreach (var (language, files, sources) in new[]
            {
                ("python", GenerationFixtureProjects.Python, new[] { "shop/textutil.py", "shop/mathutil.py", "shop/inventory.py" }),
                ("javascript", GenerationFixtureProjects.JavaScript, new[] { "src/text.js", "src/math.js" }),
                ("esm", GenerationFixtureProjects.Esm, new[] { "src/text.js", "src/stats.mjs" }),
                ("typescript", GenerationFixtureProjects.TypeScript, new[] { "src/names.ts", "src/money.ts" }),
                ("go", GoGenerationFixtureProject.Files, GoGenerationFixtureProject.Sources),
                ("csharp", CSharpFixtureProject.Files, CSharpFixtureProject.Sources),
            })
            {
                var project = Path.Combine(root, "workspace", language);
                GenerationFixtureProjects.Write(project, files);
                if (language == "typescript" && !LinkTypeScriptTools(jest, project, output))
                {
                    continue;
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                int tried = 0, compiled = 0, passed = 0, added = 0;
                var rejections = new List<string>();
                foreach (var source in sources)
                {
                    var report = await generator.GenerateAsync(new TestGenerationRequest
                    {
                        Workspace = new Workspace(Path.Combine(root, "workspace")),
                        Repository = language,
                        File = source,
                        Max = maxPerFile,
                        UseModel = false,
                    }, cancellationToken);
                    tried += report.Tried;
                    compiled += report.Compiled;
                    passed += report.PassedRuns;
                    added += report.AddedCoverage;
                    rejections.AddRange(report.Candidates.Where(c => c.Status is CandidateStatus.FailedToCompile or CandidateStatus.FailedRuns)
                        .Select(c => $"{c.Name}: {c.Reason}"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {language,-10} {source,-20} {report.Tried,3} tried {report.Compiled,3} compiled {report.PassedRuns,3} passed 5/5 {report.AddedCoverage,3} added coverage; lines {report.CoveredBefore} -> {report.CoveredAfter} of {report.CoverableLines}"));
                }

                results.Add(new LanguageResult(language, sources.Length, tried, compiled, passed, added, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, rejections));
            }

            return results;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    /// <summary>ts-jest and typescript come from the node_modules beside LIGHTNING_TEST_JEST_BIN (tests/tools), linked into the fixture.</summary>
    static bool LinkTypeScriptTools(string? jestBin, string project, TextWriter output)
    {
        var modules = string.IsNullOrEmpty(jestBin) ? null : Path.GetDirectoryName(Path.GetFullPath(jestBin).TrimEnd(Path.DirectorySeparatorChar));
        if (modules is null || !Directory.Exists(Path.Combine(modules, "ts-jest")) || !Directory.Exists(Path.Combine(modules, "typescript")))
        {
            output.WriteLine("  typescript: skipped: ts-jest and typescript are not installed beside LIGHTNING_TEST_JEST_BIN (npm install in tests/tools)");
            return false;
        }

        Directory.CreateSymbolicLink(Path.Combine(project, "node_modules"), modules);
        return true;
    }

    static TestGenerator Generator(string searchPath, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var toolchains = Options.Create(new TestToolchainOptions { SearchPath = searchPath });
        var processes = new ProcessRunner(NullLogger<ProcessRunner>.Instance, TimeProvider.System);
        var probe = new ToolchainProbe(processes, toolchains);
        var detector = new TestFrameworkDetector(Options.Create(new TestDetectionOptions()), toolchains);
        var runner = new TestRunner(detector, probe, processes, new TestReportReader(),
            Options.Create(new TestRunnerOptions { ScratchDirectory = scratch }), toolchains, TimeProvider.System, NullLogger<TestRunner>.Instance);
        return new TestGenerator(detector, probe, runner, processes, new CoverageLoader(new CoverageReader()),
            Options.Create(new TestGenerationOptions { ScratchDirectory = scratch }), toolchains);
    }
}
