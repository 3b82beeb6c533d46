using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Parallel;

/// <summary>Lists a pytest project's tests as node ids with <c>pytest --collect-only -q</c>, run by the toolchain's own python.</summary>
public sealed class PytestCollector(ToolchainProbe probe, IProcessRunner processes)
{
    public async Task<IReadOnlyList<string>?> CollectAsync(TestDetectionReport report, DetectedTestProject project, CancellationToken cancellationToken)
    {
        var toolchain = await probe.ProbeAsync(report, project, cancellationToken);
        if (!toolchain.Ready || project.Command.Count == 0)
        {
            return null;
        }

        var command = toolchain.Resolve(project.Command);
        var spec = new ProcessSpec(command[0], [.. command.Skip(1), "--collect-only", "-q", "-p", "no:cacheprovider"])
        {
            WorkingDirectory = Path.Combine(report.FullPath, project.Root),
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONDONTWRITEBYTECODE"] = "1" },
            Timeout = TimeSpan.FromMinutes(5),
            MaxOutputBytes = 64L * 1024 * 1024,
        };
        var result = await processes.RunAsync(spec, null, cancellationToken);
        if (!result.Succeeded)
        {
            // A collection error: the unsharded run reports it properly.
            return null;
        }

        // -q prints one node id per line, then a blank line and the summary.
        return [.. result.Output.Split('\n').Select(line => line.TrimEnd('\r')).TakeWhile(line => line.Length > 0)
            .Where(line => line.Contains("::", StringComparison.Ordinal))];
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
