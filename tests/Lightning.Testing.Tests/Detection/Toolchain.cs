using Lightning.Core.Processes;
using Lightning.Testing.Detection.Toolchains;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Detection;

/// <summary>Probes and runners over the real tools of this machine, and where to find jest (an npm package, not a Debian one).</summary>
internal static class Toolchain
{
    public static readonly ProcessRunner Runner = new(NullLogger<ProcessRunner>.Instance, TimeProvider.System);

    public static string Path => Environment.GetEnvironmentVariable("PATH") ?? string.Empty;

    public static ToolchainProbe Probe(TestToolchainOptions? options = null) => new(Runner, Options.Create(options ?? new TestToolchainOptions()));

    public static ToolchainProbe Probe(string searchPath) => Probe(new TestToolchainOptions { SearchPath = searchPath });

    /// <summary>
    /// The directory of an installed <c>jest</c> command: LIGHTNING_TEST_JEST_BIN, or the PATH (<c>npm install --global jest</c>).
    /// Missing, the test is skipped on a developer's machine and fails when CI=true.
    /// </summary>
    public static string JestBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("LIGHTNING_TEST_JEST_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(System.IO.Path.Combine(configured, "jest")))
        {
            return configured;
        }

        foreach (var directory in Path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(System.IO.Path.Combine(directory, "jest")))
            {
                return directory;
            }
        }

        const string message = "jest is not installed: npm install --global jest, or set LIGHTNING_TEST_JEST_BIN to a node_modules/.bin holding it.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException(message);
        }

        Assert.Skip(message);
        return string.Empty;
    }
}
