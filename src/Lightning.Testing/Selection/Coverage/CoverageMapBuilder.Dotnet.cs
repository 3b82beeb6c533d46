using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Parallel;
using Lightning.Testing.Runners;
using Lightning.Testing.Runners.Dotnet;

namespace Lightning.Testing.Selection.Coverage;

public sealed partial class CoverageMapBuilder
{
    /// <summary>dotnet projects with at most this many test methods get a run per method; larger ones a run per class.</summary>
    public int DotnetPerTestMethods { get; init; } = 20;

    /// <summary>
    /// dotnet test: coverlet and the platform's code coverage measure a run as a whole, so, as for go, the map is made of
    /// several runs: the project is built and its test methods listed once (<see cref="DotnetShards"/>, the shard
    /// listing), then the test runner runs each method (at most <see cref="DotnetPerTestMethods"/> methods) or each
    /// class with <c>--no-build</c>, under the project's own coverage collection, filtered to that unit exactly as a
    /// selection or retry is (<c>FullyQualifiedName=</c> for VSTest, <c>--filter-method</c> for xUnit v3 on the
    /// platform). Ids are the declaring file and the case id, <c>CalcTests.cs::Ns.CalcTests::Adds</c>; a class run gives
    /// its lines to each of its methods. Past <see cref="MaxRuns"/> classes, the rest are not mapped (the notes say so).
    /// </summary>
    async Task<MapLines> BuildDotnetAsync(TestDetectionReport report, DetectedTestProject project, ToolchainReport toolchain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var lister = new ShardLister(processes, toolchain.Resolve(project.Command), directory, toolchains.Value.EffectiveSearchPath);
        var (listing, problem) = await DotnetShards.ListAsync(lister, project, cancellationToken);
        if (listing is null)
        {
            throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                $"The tests of '{project.Root}' could not be built and listed for a coverage map: {problem}");
        }

        var lines = new MapLines();
        var sources = new DotnetTestClasses(directory);
        // Each listed method as its case id and the file declaring it; one the sources do not show (F#, a generated or
        // inherited test) has no file to name it by, and is left to the import graph.
        var methods = new List<(string Class, string Id)>();
        foreach (var unit in listing.Units)
        {
            var dot = unit.Id.LastIndexOf('.');
            var (className, method) = dot > 0 ? (unit.Id[..dot], unit.Id[(dot + 1)..]) : (string.Empty, unit.Id);
            if (sources.FileOf(className, method) is { } file)
            {
                methods.Add((className, file + "::" + className + "::" + method));
            }
            else
            {
                lines.Unmatched.Add(unit.Id);
            }
        }

        var perMethod = methods.Count <= DotnetPerTestMethods;
        var units = perMethod
            ? methods.Select(test => (IReadOnlyList<string>)[test.Id]).ToList()
            : methods.GroupBy(test => test.Class, StringComparer.Ordinal).Select(group => (IReadOnlyList<string>)[.. group.Select(test => test.Id)]).ToList();
        if (!perMethod)
        {
            lines.Notes.Add($"{methods.Count} test methods is more than {DotnetPerTestMethods}: mapped with one run per class, so a class's tests share its lines.");
        }

        if (units.Count > MaxRuns)
        {
            lines.Notes.Add($"{units.Count} test {(perMethod ? "methods" : "classes")} is more than {MaxRuns} runs: the first {MaxRuns} are mapped, the rest are selected by their imports.");
        }

        string? unavailable = null;
        var measured = 0;
        foreach (var ids in units.Take(MaxRuns))
        {
            var results = await runner.RunAsync(new TestRunRequest
            {
                Repository = report.FullPath,
                Project = project.Root,
                Framework = TestFrameworks.NameOf(project.Framework),
                Detection = report,
                Toolchains = new Dictionary<string, ToolchainReport>(StringComparer.Ordinal) { [project.Root] = toolchain },
                // Built once by the listing: every run after it only runs.
                Prebuilt = true,
                Coverage = true,
                Timeout = timeout,
                // The case ids (Ns.Class::Method): the adapter selects each by its method's full name, every row of a theory.
                Tests = [.. ids.Select(id => id[(id.IndexOf("::", StringComparison.Ordinal) + 2)..])],
            }, null, cancellationToken);
            // Two project files in one directory are two projects with one root: this one is the one detected as it.
            var result = results.FirstOrDefault(candidate => candidate.Project == project) ?? results[0];
            if (result.Coverage?.Report is not { } coverage)
            {
                unavailable ??= result.Coverage?.Unavailable ?? result.Error ?? "the run measured nothing";
                if (measured == 0)
                {
                    // Nothing measured yet: the collector is missing or broken, and every other run would say the same.
                    break;
                }

                continue;
            }

            measured++;
            foreach (var file in coverage.Files)
            {
                foreach (var line in file.Lines.Where(line => line.Covered))
                {
                    foreach (var id in ids)
                    {
                        lines.Add(id, file.Path, line.Number);
                    }
                }
            }
        }

        if (measured == 0 && units.Count > 0)
        {
            throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                $"No coverage was measured for '{project.Root}': {unavailable}");
        }

        if (unavailable is not null)
        {
            lines.Notes.Add($"Some runs measured no coverage ({unavailable}): their tests are selected by their imports.");
        }

        return lines;
    }
}
