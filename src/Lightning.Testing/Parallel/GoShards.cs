using System.Text.RegularExpressions;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.GoTest;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a go test project's packages with tests (<c>go list -f ... PATTERNS</c>, no build). With at least as many
/// packages as shards, a unit is a package, run whole. With fewer, packages alone cannot balance, so their tests are
/// listed with <c>go test -list . PACKAGES</c> (a build of each, cheap for so few) and a unit is a test name: go's
/// <c>-run</c> regex applies to every package a shard names, so a name shared by two packages is one unit, placed
/// once, and a shard runs exactly its names in exactly their packages.
/// </summary>
internal static partial class GoShards
{
    const string WithTests = "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}";

    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, int shards, string? buildTags, CancellationToken cancellationToken)
    {
        var testAt = IndexOfTest(lister.Command);
        if (testAt < 0)
        {
            return (null, $"'{string.Join(' ', lister.Command)}' is not a go test command");
        }

        var go = lister.Command.Take(testAt).ToList();
        var patterns = lister.Command.Skip(testAt + 1).Where(argument => !argument.StartsWith('-')).ToList();
        // The run's build tags (its command's own or the configured ones): a package or test behind //go:build is
        // listed, and so sharded, exactly when the run would build it.
        var flags = lister.Command.Skip(testAt + 1).Where(argument => argument.StartsWith('-')).ToList();
        List<string> tags = [.. flags.Where(GoTestAdapter.IsTags), .. GoTestAdapter.TagsArgument(flags, buildTags)];
        List<string> list = [.. go, "list", .. tags, "-f", WithTests, .. patterns.Count > 0 ? patterns : ["./..."]];
        var listed = await lister.RunAsync(list, cancellationToken);
        if (!listed.Succeeded)
        {
            return (null, ShardLister.Failed(list, listed));
        }

        var packages = listed.Output.Split('\n').Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (packages.Count >= shards)
        {
            var known = packages.ToHashSet(StringComparer.Ordinal);
            return (new ShardListing([.. packages.Select(package => new ShardUnit(package, [package + TestCaseId.Separator]))], "package",
                timing => Split(timing.Id) is ({ } package, { } name) && known.Contains(package) && !name.Contains('/', StringComparison.Ordinal) ? package : null), null);
        }

        List<string> tests = [.. go, "test", .. tags, "-list", ".", .. packages];
        var result = await lister.RunAsync(tests, cancellationToken);
        if (!result.Succeeded)
        {
            return (null, ShardLister.Failed(tests, result));
        }

        var byName = ParseTestList(result.Output);
        return (new ShardListing([.. byName.Select(entry => new ShardUnit(entry.Key, [.. entry.Value.Select(package => package + TestCaseId.Separator + entry.Key)]))], "test",
            timing => Split(timing.Id) is ({ } package, { } name) && byName.TryGetValue(name, out var where) && where.Contains(package) ? name : null), null);
    }

    /// <summary>
    /// <c>go test -list .</c> output: each package's names, then its <c>ok  \tPACKAGE\t0.01s</c> line. Benchmarks are left
    /// out (they do not run without -bench). Name → the packages that have it, in name order.
    /// </summary>
    internal static SortedDictionary<string, List<string>> ParseTestList(string output)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (TestName().IsMatch(line))
            {
                pending.Add(line);
                continue;
            }

            if (Benchmark().IsMatch(line))
            {
                continue;
            }

            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length >= 2 && fields[0] == "ok")
            {
                foreach (var name in pending)
                {
                    if (!byName.TryGetValue(name, out var packages))
                    {
                        byName[name] = packages = [];
                    }

                    packages.Add(fields[1]);
                }
            }

            if (line.Length > 0)
            {
                pending.Clear();
            }
        }

        return byName;
    }

    static (string? Package, string? Name) Split(string caseId)
    {
        var separator = caseId.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator <= 0 ? (null, null) : (caseId[..separator], caseId[(separator + TestCaseId.Separator.Length)..]);
    }

    static int IndexOfTest(IReadOnlyList<string> command)
    {
        for (var i = 1; i < command.Count; i++)
        {
            if (command[i] == "test")
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^(?:Test|Fuzz|Example)\w*$")]
    private static partial Regex TestName();

    [GeneratedRegex(@"^Benchmark\w*$")]
    private static partial Regex Benchmark();
}
