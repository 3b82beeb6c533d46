using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a project's current tests (new ones too, not only those history knows) in units a shard selects exactly,
/// with the framework's own listing command run by the toolchain the probe checked. See <see cref="ShardableFrameworks"/>.
/// </summary>
public sealed class ShardCollector(ToolchainProbe probe, IProcessRunner processes, IOptions<TestToolchainOptions> toolchains)
{
    /// <summary>The listing, or why there is none (the toolchain is not ready, the listing command failed).</summary>
    public async Task<(ShardListing? Listing, string? Problem)> ListAsync(
        TestDetectionReport report, DetectedTestProject project, int shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(project);
        var toolchain = await probe.ProbeAsync(report, project, cancellationToken);
        if (!toolchain.Ready || project.Command.Count == 0)
        {
            return (null, "the toolchain is not ready");
        }

        var directory = project.Root == "." ? report.FullPath : Path.Combine(report.FullPath, project.Root);
        var lister = new ShardLister(processes, toolchain.Resolve(project.Command), directory, toolchains.Value.EffectiveSearchPath);
        return project.Framework switch
        {
            TestFramework.Pytest => await PytestCollector.ListAsync(lister, cancellationToken),
            TestFramework.Jest => await JestShards.ListAsync(lister, cancellationToken),
            TestFramework.GoTest => await GoShards.ListAsync(lister, shards, toolchains.Value.GoBuildTags, cancellationToken),
            TestFramework.Rspec => await RspecShards.ListAsync(lister, cancellationToken),
            TestFramework.Phpunit => await PhpUnitShards.ListAsync(lister, cancellationToken),
            TestFramework.DotnetTest => await DotnetShards.ListAsync(lister, project, cancellationToken),
            TestFramework.Junit5 => await JUnitShards.ListAsync(processes, toolchains.Value, project, directory, toolchain, cancellationToken),
            _ => (null, ShardableFrameworks.WhyNot(project.Framework)),
        };
    }
}
