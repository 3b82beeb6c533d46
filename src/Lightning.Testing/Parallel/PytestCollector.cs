namespace Lightning.Testing.Parallel;

/// <summary>Lists a pytest project's tests as node ids with <c>pytest --collect-only -q</c>; a node id selects its test exactly.</summary>
internal static class PytestCollector
{
    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, CancellationToken cancellationToken)
    {
        List<string> command = [.. lister.Command, "--collect-only", "-q", "-p", "no:cacheprovider"];
        var result = await lister.RunAsync(command, cancellationToken,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONDONTWRITEBYTECODE"] = "1" });
        if (!result.Succeeded)
        {
            // A collection error: the unsharded run reports it properly.
            return (null, ShardLister.Failed(command, result));
        }

        // -q prints one node id per line, then a blank line and the summary.
        var ids = result.Output.Split('\n').Select(line => line.TrimEnd('\r')).TakeWhile(line => line.Length > 0)
            .Where(line => line.Contains("::", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var byCase = ids.GroupBy(CaseIdOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return (new ShardListing([.. ids.Select(id => new ShardUnit(id, [id]))], "test", timing => byCase.GetValueOrDefault(timing.Id)), null);
    }

    /// <summary>The case id the results give a node id (<c>tests/test_calc.py::TestK::test_m</c> → <c>tests.test_calc.TestK::test_m</c>), to find its history.</summary>
    public static string CaseIdOf(string nodeId)
    {
        var parts = nodeId.Split("::");
        if (parts.Length < 2)
        {
            return nodeId;
        }

        var module = parts[0].EndsWith(".py", StringComparison.Ordinal) ? parts[0][..^3] : parts[0];
        var scope = string.Join('.', [module.Replace('/', '.'), .. parts[1..^1]]);
        return scope + "::" + parts[^1];
    }
}
