using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Core.Workspaces;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Cli.Commands;

/// <summary><c>test detect</c>: the test projects of the directory, why each was recognised, and whether its tools are installed.</summary>
internal sealed class TestDetectCommand : TestLocalCommand
{
    // As coverage, select, watch and the others take it: `test detect shop` reads like them.
    readonly Argument<string?> _directory = new("PATH") { Description = "The repository [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };

    public TestDetectCommand(CliContext context, TestCommandOptions options)
        : base("detect", "Find the test projects (several per repository), their frameworks and commands, and check their toolchains (runs locally; no server needed)",
            context, options, usesHistory: false)
    {
        Add(_directory);
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var directory = TestSelectCommand.Directory(test, _directory);
        // The detector itself, not the run service: detecting records nothing, so the data directory is left alone.
        var report = await test.Service<TestFrameworkDetector>().DetectAsync(new Workspace(directory), ".", cancellationToken);
        var toolchains = await test.Service<ToolchainProbe>().ProbeAllAsync(report, cancellationToken);
        if (test.Json)
        {
            test.WriteJson(new TestDetectionView(report, toolchains));
            return ExitCodes.Ok;
        }

        if (report.Projects.Count == 0)
        {
            await test.Output.WriteLineAsync($"No test project found in {directory} ({report.FilesScanned} files looked at).");
        }
        else
        {
            var table = new TextTable("FRAMEWORK", "PROJECT", "TEST FILES", "TOOLS", "COMMAND");
            foreach (var project in report.Projects)
            {
                var toolchain = toolchains.FirstOrDefault(t => t.Framework == project.Framework && t.Project == project.Root);
                table.Add(TestFrameworks.NameOf(project.Framework) + (project.Variant is { } variant ? $" ({variant})" : string.Empty), project.Root,
                    Formats.Number(project.TestFileCount), TestText.Tools(project, toolchain),
                    project.Supported ? string.Join(' ', project.Command) : project.Note ?? Formats.None);
            }

            table.Write(test.Output);
            foreach (var toolchain in toolchains.Where(t => !t.Ready))
            {
                foreach (var missing in toolchain.Missing)
                {
                    await test.Output.WriteLineAsync($"To run {toolchain.Name} in {toolchain.Project ?? "."}: {missing.Install}");
                }
            }
        }

        foreach (var warning in report.Warnings)
        {
            await test.Error.WriteLineAsync($"warning: {warning}");
        }

        return ExitCodes.Ok;
    }
}
