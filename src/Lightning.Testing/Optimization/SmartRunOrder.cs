using Lightning.Testing.Flaky;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Optimization;

/// <summary>
/// The smart order (<see cref="SmartOrder"/>) of a repository's tests as a run takes it: each with its project, case id
/// and file, read from the repository's last <see cref="FlakyOptions.Window"/> runs.
/// </summary>
// Options rather than the detector: the detector reruns tests through the runner, which asks this for its order.
public sealed class SmartRunOrder(FlakyHistory history, Microsoft.Extensions.Options.IOptions<FlakyOptions> options)
{
    public async Task<IReadOnlyList<OrderedRunTest>> ForAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        var tests = await history.ReadAsync(repository, options.Value.Window, failingOnly: false, null, cancellationToken);
        var files = tests.GroupBy(test => (test.Project, test.Id)).ToDictionary(group => group.Key, group => group.First().File);
        return [.. SmartOrder.Order(tests).Select(test => new OrderedRunTest(test.Project, test.Id, files.GetValueOrDefault((test.Project, test.Id)))
        {
            FailureProne = test.FailedLast || test.FailureRate > 0,
        })];
    }
}
