using Lightning.Testing.Coverage;

namespace Lightning.Testing.Optimization;

/// <summary>Tests that look like copies: how they are alike (<c>same-body</c>, <c>same-assertions</c>, <c>same-coverage</c>) and which.</summary>
public sealed record DuplicateGroup(string Kind, IReadOnlyList<string> Tests, string Detail);

/// <summary>
/// Duplicate tests: the same normalised body (comments, blank lines and indentation ignored); the same assertions
/// with different bodies (at least two assertions, so one-line checks are not matched); and, when a per-test coverage
/// map exists (coverage.py contexts), the same covered lines.
/// </summary>
public static class DuplicateTests
{
    public static IReadOnlyList<DuplicateGroup> FromSources(IReadOnlyList<TestSourceFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var groups = new List<DuplicateGroup>();
        var byBody = functions.Where(f => TestSource.Normalise(f.Body).Length > 0)
            .GroupBy(f => TestSource.Normalise(f.Body), StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var group in byBody)
        {
            groups.Add(new DuplicateGroup("same-body", [.. group.Select(f => f.Location)], $"{group.Count()} tests with the same body ({group.Key.Split('\n').Length} lines)."));
        }

        var sameBody = byBody.SelectMany(g => g).Select(f => f.Location).ToHashSet(StringComparer.Ordinal);
        foreach (var group in functions.Where(f => !sameBody.Contains(f.Location))
                     .Select(f => (Function: f, Assertions: TestSource.Assertions(f.Body)))
                     .Where(f => f.Assertions.Count >= 2)
                     .GroupBy(f => string.Join('\n', f.Assertions), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            groups.Add(new DuplicateGroup("same-assertions", [.. group.Select(f => f.Function.Location)],
                $"{group.Count()} tests making the same {group.First().Assertions.Count} assertions."));
        }

        return groups;
    }

    /// <summary>Tests (coverage contexts) that cover exactly the same lines of the code under test; the empty context and tests covering nothing are left out.</summary>
    public static IReadOnlyList<DuplicateGroup> FromCoverage(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        // A test's own file is not the code under test (see FromMap).
        var testFiles = report.Files.SelectMany(f => f.Lines).SelectMany(l => l.Contexts).Where(c => c.Length > 0)
            .Select(c => c.Split('|')[0].Split("::")[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in report.Files.Where(f => !testFiles.Contains(f.Path)))
        {
            foreach (var line in file.Lines.Where(l => l.Hits > 0))
            {
                foreach (var context in line.Contexts.Where(c => c.Length > 0))
                {
                    var test = context.Split('|')[0];
                    if (!lines.TryGetValue(test, out var set))
                    {
                        lines[test] = set = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    set.Add($"{file.Path}:{line.Number}");
                }
            }
        }

        return [.. lines.Where(l => l.Value.Count > 0).GroupBy(l => string.Join(',', l.Value), StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => new DuplicateGroup("same-coverage", [.. g.Select(l => l.Key).Order(StringComparer.Ordinal)],
                $"{g.Count()} tests covering the same {g.First().Value.Count} lines."))];
    }

    /// <summary>
    /// Tests of a per-test coverage map (<see cref="Selection.Coverage.CoverageMap"/>, any framework that builds one) that
    /// ran exactly the same lines; tests that ran nothing are left out. Names are prefixed with the project's root.
    /// </summary>
    public static IReadOnlyList<DuplicateGroup> FromMap(Selection.Coverage.CoverageMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var prefix = map.Project is "." or "" ? string.Empty : map.Project.TrimEnd('/') + "/";
        // Each test runs its own file's lines: only the code under test counts, or no two tests could ever match.
        var testFiles = map.Tests.Select(test => prefix + test.Split("::")[0]).ToHashSet(StringComparer.Ordinal);
        var covered = new Dictionary<int, List<string>>();
        foreach (var (file, entries) in map.Files.Where(f => !testFiles.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var entry in entries)
            {
                if (!covered.TryGetValue(entry.Test, out var parts)) covered[entry.Test] = parts = [];
                parts.Add($"{file}:{entry.Lines}");
            }
        }

        return [.. covered.Where(c => c.Key >= 0 && c.Key < map.Tests.Count)
            .GroupBy(c => string.Join('|', c.Value), StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => new DuplicateGroup("same-coverage", [.. g.Select(c => prefix + map.Tests[c.Key]).Order(StringComparer.Ordinal)],
                $"{g.Count()} tests running the same lines of {g.First().Value.Count} file(s) ({map.Framework} coverage map of {map.BuiltAt:yyyy-MM-dd})."))];
    }
}
