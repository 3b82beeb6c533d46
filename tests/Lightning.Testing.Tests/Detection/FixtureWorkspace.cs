using Lightning.Core.Workspaces;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Detection;

/// <summary>A workspace in a temp directory for one test, a sibling directory outside it, and a detector to point at it.</summary>
internal sealed class FixtureWorkspace : IDisposable
{
    readonly TempDirectory _temp = new();

    public FixtureWorkspace()
    {
        Workspace = new Workspace(_temp.Combine("workspace"));
        Outside = _temp.Combine("outside");
        Directory.CreateDirectory(Outside);
    }

    public Workspace Workspace { get; }

    /// <summary>A directory next to the workspace, which nothing may read through it.</summary>
    public string Outside { get; }

    public string Full(string path) => Path.Combine(Workspace.Root, path);

    /// <summary>Writes a file under the workspace, creating its directories.</summary>
    public FixtureWorkspace Write(string path, string content = "")
    {
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public static TestFrameworkDetector Detector(TestDetectionOptions? options = null, TestToolchainOptions? toolchains = null) =>
        new(Options.Create(options ?? new TestDetectionOptions()), Options.Create(toolchains ?? new TestToolchainOptions()));

    public Task<TestDetectionReport> DetectAsync(string path = "repo", TestDetectionOptions? options = null) =>
        Detector(options).DetectAsync(Workspace, path, TestContext.Current.CancellationToken);

    public void Dispose() => _temp.Dispose();
}
