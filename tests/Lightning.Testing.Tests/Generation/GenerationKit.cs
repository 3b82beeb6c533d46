using Lightning.Testing.Coverage;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Generation;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.Detection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Generation;

/// <summary>A <see cref="TestGenerator"/> over the real toolchains of this machine, and fixture projects written by the tests.</summary>
internal sealed class GenerationKit : IDisposable
{
    public GenerationKit(string? searchPath = null, IChatClient? chat = null, TestGenerationOptions? options = null)
    {
        Workspace = new FixtureWorkspace();
        var toolchains = new TestToolchainOptions { SearchPath = searchPath ?? Toolchain.Path };
        var probe = Toolchain.Probe(toolchains);
        var detector = FixtureWorkspace.Detector(toolchains: toolchains);
        var runner = new TestRunner(detector, probe, Toolchain.Runner, new TestReportReader(),
            Options.Create(new TestRunnerOptions { ScratchDirectory = Workspace.Outside }), Options.Create(toolchains), TimeProvider.System, NullLogger<TestRunner>.Instance);
        Generator = new TestGenerator(detector, probe, runner, Toolchain.Runner, new CoverageLoader(new CoverageReader()),
            Options.Create(options ?? new TestGenerationOptions { ScratchDirectory = Workspace.Outside }), Options.Create(toolchains), chat);
    }

    public FixtureWorkspace Workspace { get; }

    public TestGenerator Generator { get; }

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A kit whose search path puts jest (LIGHTNING_TEST_JEST_BIN) first.</summary>
    public static GenerationKit WithJest(IChatClient? chat = null) => new(Toolchain.JestBinDirectory() + Path.PathSeparator + Toolchain.Path, chat);

    public Task<GenerationReport> GenerateAsync(string? file = null, int? max = null, string repository = "repo", string? language = null) =>
        Generator.GenerateAsync(new TestGenerationRequest { Workspace = Workspace.Workspace, Repository = repository, File = file, Max = max, Language = language }, Cancellation);

    /// <summary>Every file of the repository with its content, to prove generation leaves it as it was.</summary>
    public Dictionary<string, string> Snapshot(string repository = "repo")
    {
        var root = Workspace.Full(repository);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllText, StringComparer.Ordinal);
    }

    public void Dispose() => Workspace.Dispose();
}
