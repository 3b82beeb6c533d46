using System.Text.RegularExpressions;
using Lightning.Testing.Flaky;

namespace Lightning.Testing.Optimization;

/// <summary>Two tests that may depend on each other, and through what (an order dependency found by running, or shared state).</summary>
public sealed record TestDependency(string Test, string Other, string Kind, string Resource, string Detail);

/// <summary>
/// Dependencies between tests: the order dependencies the order check proved (<c>fails-after</c>), and shared state
/// read from test bodies — the same file written (<c>open(path, "w")</c>, <c>write_text</c>, <c>writeFileSync</c>,
/// <c>os.WriteFile</c>), the same environment variable set (<c>os.environ[...] =</c>, <c>process.env.X =</c>,
/// <c>t.Setenv</c> is scoped and left out), the same module global assigned (<c>global X</c>) — where one test
/// writes what another reads or writes. Static reading only: a name built at run time is not seen.
/// </summary>
public static partial class TestDependencyAnalyzer
{
    public static IReadOnlyList<TestDependency> Analyze(IReadOnlyList<TestSourceFunction> functions, IReadOnlyList<OrderDependency> order)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(order);
        var found = order.Select(d => new TestDependency(d.Id, d.After, "fails-after", d.After, d.Evidence)).ToList();
        var writes = functions.SelectMany(f => Written(f.Body).Select(r => (Resource: r, Function: f))).ToList();
        foreach (var group in writes.GroupBy(w => w.Resource, StringComparer.Ordinal))
        {
            var writers = group.Select(w => w.Function.Location).Distinct(StringComparer.Ordinal).ToList();
            var readers = functions.Where(f => !writers.Contains(f.Location) && f.Body.Contains(Name(group.Key), StringComparison.Ordinal)).Select(f => f.Location);
            var involved = writers.Concat(readers).Distinct(StringComparer.Ordinal).ToList();
            for (var i = 0; i < writers.Count; i++)
            {
                foreach (var other in involved.Where(o => o != writers[i] && (!writers.Contains(o) || string.CompareOrdinal(o, writers[i]) > 0)))
                {
                    found.Add(new TestDependency(writers[i], other, "shared-state", group.Key,
                        $"{writers[i]} writes {group.Key}, which {other} {(writers.Contains(other) ? "writes too" : "reads")}."));
                }
            }
        }

        return found;
    }

    static IEnumerable<string> Written(string body)
    {
        foreach (Match match in FileWrite().Matches(body))
        {
            yield return "file:" + match.Groups["path"].Value;
        }

        foreach (Match match in EnvWrite().Matches(body))
        {
            yield return "env:" + match.Groups["name"].Value;
        }

        foreach (Match match in GlobalWrite().Matches(body))
        {
            foreach (var name in match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return "global:" + name;
            }
        }
    }

    static string Name(string resource) => resource[(resource.IndexOf(':', StringComparison.Ordinal) + 1)..];

    [GeneratedRegex(@"(?:open\(\s*['""](?<path>[^'""]+)['""]\s*,\s*['""][wa]|['""](?<path>[^'""]+)['""]\)?\s*\)?\.write_(?:text|bytes)\(|writeFileSync\(\s*['""](?<path>[^'""]+)['""]|os\.WriteFile\(\s*""(?<path>[^""]+)"")", RegexOptions.CultureInvariant)]
    private static partial Regex FileWrite();

    [GeneratedRegex(@"(?:os\.environ\[\s*['""](?<name>\w+)['""]\s*\]\s*=(?!=)|process\.env\.(?<name>\w+)\s*=(?!=)|os\.Setenv\(\s*""(?<name>\w+)"")", RegexOptions.CultureInvariant)]
    private static partial Regex EnvWrite();

    [GeneratedRegex(@"^\s*global\s+(?<names>[\w\s,]+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex GlobalWrite();
}
