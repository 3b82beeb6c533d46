using Lightning.Core.Errors;
using Lightning.Testing.Runners.Rspec;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists an RSpec project's examples with <c>rspec --dry-run --format json</c>: the same JSON the run writes, read by
/// the same reader, so each example comes with its RSpec id (<c>./spec/calc_spec.rb[1:2]</c>, which selects exactly,
/// shared and generated examples included) and the case id its history is kept under.
/// </summary>
internal static class RspecShards
{
    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, CancellationToken cancellationToken)
    {
        using var scratch = ShardLister.Scratch();
        var report = Path.Combine(scratch.Path, "dry-run.json");
        List<string> command = [.. lister.Command, "--dry-run", "--format", "json", "--out", report, "--no-color"];
        var result = await lister.RunAsync(command, cancellationToken);
        if (!result.Succeeded || !File.Exists(report))
        {
            return (null, ShardLister.Failed(command, result));
        }

        Results.TestRun run;
        try
        {
            run = await RspecJsonReport.ReadAsync(report, cancellationToken);
        }
        catch (LightningException ex)
        {
            return (null, ex.Message);
        }

        var examples = run.EnumerateCases()
            .Select(testCase => (testCase.Id, RspecId: testCase.Properties.FirstOrDefault(property => property.Name == "rspecId")?.Value))
            .ToList();
        if (examples.Count == 0 || examples.Exists(example => example.RspecId is null))
        {
            // An error outside the examples (a spec file that does not load) has no id: the whole run reports it.
            return (null, "rspec --dry-run listed something that is not an example (a file that does not load?)");
        }

        var byCase = examples.GroupBy(example => example.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RspecId!, StringComparer.Ordinal);
        return (new ShardListing([.. examples.Select(example => example.RspecId!).Distinct(StringComparer.Ordinal).Select(id => new ShardUnit(id, [id]))], "example",
            timing => byCase.GetValueOrDefault(timing.Id)), null);
    }
}
