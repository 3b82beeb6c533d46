using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Detection.Toolchains;

/// <summary>
/// Checks that the tools a framework needs are installed and answer, with their versions, and when one is missing
/// names exactly the package to install. Programs are resolved on <see cref="TestToolchainOptions.SearchPath"/> and
/// probed through the platform's process runner (argument lists, a short timeout), each with its version flag.
/// </summary>
public sealed partial class ToolchainProbe(IProcessRunner processes, IOptions<TestToolchainOptions> options)
{
    const long MaxProbeOutputBytes = 64 * 1024;

    readonly TestToolchainOptions _options = options.Value;
    readonly IProcessRunner _processes = processes;

    /// <summary>The toolchain of a framework named by a user (<c>pytest</c>, <c>go</c>, <c>junit</c>...).</summary>
    /// <exception cref="LightningException"><c>testing.unknown_framework</c> or <c>testing.framework_not_supported</c>.</exception>
    public Task<ToolchainReport> ProbeAsync(string frameworkName, CancellationToken cancellationToken) =>
        ProbeAsync(TestFrameworks.Parse(frameworkName), cancellationToken);

    /// <summary>The machine's toolchain for a framework, project-local tools aside.</summary>
    /// <exception cref="LightningException"><c>testing.framework_not_supported</c> for Vitest and Mocha.</exception>
    public Task<ToolchainReport> ProbeAsync(TestFramework framework, CancellationToken cancellationToken)
    {
        TestFrameworks.ThrowIfNotSupported(framework);
        return new Session(this).ProbeAsync(framework, null, null, [], cancellationToken);
    }

    /// <summary>
    /// The toolchain one detected project needs, its own tools included: the jest its command names under node_modules,
    /// the vendor/bin/phpunit, the SDK its global.json pins. Version probes run in the project's directory.
    /// </summary>
    /// <exception cref="LightningException"><c>testing.framework_not_supported</c> for a Vitest or Mocha project.</exception>
    public Task<ToolchainReport> ProbeAsync(TestDetectionReport report, DetectedTestProject project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(project);
        TestFrameworks.ThrowIfNotSupported(project.Framework);
        var directory = project.Root == "." ? report.FullPath : Path.Combine(report.FullPath, project.Root);
        return new Session(this).ProbeAsync(project.Framework, project.Root, directory, project.Command, cancellationToken);
    }

    /// <summary>Every supported project of a detection; a tool several projects share is probed once.</summary>
    public async Task<IReadOnlyList<ToolchainReport>> ProbeAllAsync(TestDetectionReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var session = new Session(this);
        var reports = new List<ToolchainReport>();
        foreach (var project in report.Projects.Where(project => project.Supported))
        {
            var directory = project.Root == "." ? report.FullPath : Path.Combine(report.FullPath, project.Root);
            reports.Add(await session.ProbeAsync(project.Framework, project.Root, directory, project.Command, cancellationToken));
        }

        return reports;
    }

    /// <summary>One probing pass: the same program run with the same arguments in the same directory answers once.</summary>
    sealed class Session(ToolchainProbe probe)
    {
        readonly Dictionary<string, Task<ProcessResult?>> _runs = new(StringComparer.Ordinal);
        readonly string _searchPath = probe._options.EffectiveSearchPath;

        public async Task<ToolchainReport> ProbeAsync(TestFramework framework, string? project, string? directory, IReadOnlyList<string> command, CancellationToken cancellationToken)
        {
            var tools = framework switch
            {
                TestFramework.Pytest => await PytestAsync(directory, cancellationToken),
                TestFramework.Jest => await JestAsync(project, directory, command, cancellationToken),
                TestFramework.GoTest => [await VersionAsync("go", "go", "runs the tests", ["version"], "golang-go", directory, cancellationToken)],
                TestFramework.Junit5 => await JUnitAsync(directory, cancellationToken),
                TestFramework.Rspec => await RspecAsync(directory, cancellationToken),
                TestFramework.Phpunit => await PhpUnitAsync(directory, command, cancellationToken),
                TestFramework.DotnetTest => [await VersionAsync("dotnet", "dotnet", "builds and runs the tests", ["--version"], "dotnet-sdk-10.0", directory, cancellationToken,
                    install: "apt-get install dotnet-sdk-10.0 (from Microsoft's repository, packages.microsoft.com)")],
                // The user's own command: the runner checks its program when it runs it.
                TestFramework.Custom => [],
                _ => throw new LightningException(ErrorKind.Invalid, "testing.framework_not_supported", TestFrameworks.NotSupportedNote(framework)),
            };
            return new ToolchainReport(framework, TestFrameworks.NameOf(framework), project, tools.TrueForAll(tool => !tool.Required || tool.Present), tools);
        }

        async Task<List<ToolStatus>> PytestAsync(string? directory, CancellationToken cancellationToken)
        {
            // pyenv and virtualenvs put their python3 first; the Debian python3 with python3-pytest may come later on the PATH.
            var candidates = ExecutableSearch.FindAll("python3", _searchPath);
            string? python = null;
            string? version = null;
            var problem = "python3 is not on the PATH";
            foreach (var candidate in candidates)
            {
                var result = await RunAsync(candidate, ["-m", "pytest", "--version"], directory, cancellationToken);
                if (result is { Succeeded: true })
                {
                    (python, version) = (candidate, VersionIn(result.Output));
                    break;
                }

                problem = candidates.Count == 1
                    ? $"{candidate} cannot run pytest: {Why(result)}"
                    : $"none of the {candidates.Count} python3 on the PATH can run pytest ({candidate}: {Why(result)})";
            }

            var pytest = Status("pytest", "python3", "runs the tests", required: true, python, version, python is null ? problem : null, "python3-pytest");
            var coverage = await ModuleAsync(python ?? (candidates.Count > 0 ? candidates[0] : null), "coverage", "python3-coverage", directory, cancellationToken);
            return [pytest, coverage];
        }

        async Task<ToolStatus> ModuleAsync(string? python, string module, string package, string? directory, CancellationToken cancellationToken)
        {
            if (python is null)
            {
                return Status("coverage.py", "python3", "measures coverage", required: false, null, null, "python3 is not on the PATH", package);
            }

            var result = await RunAsync(python, ["-m", module, "--version"], directory, cancellationToken);
            return result is { Succeeded: true }
                ? Status("coverage.py", "python3", "measures coverage", required: false, python, VersionIn(result.Output), null, package)
                : Status("coverage.py", "python3", "measures coverage", required: false, null, null, $"{python} cannot run {module}: {Why(result)}", package);
        }

        async Task<List<ToolStatus>> JestAsync(string? project, string? directory, IReadOnlyList<string> command, CancellationToken cancellationToken)
        {
            var node = await VersionAsync("node", "node", "runs jest", ["--version"], "nodejs", directory, cancellationToken);
            const string install = "npm install --save-dev jest";
            if (directory is not null && command is ["node", var script, ..])
            {
                // Detection found jest in node_modules: that file, run by node, is what must answer.
                var full = Path.GetFullPath(Path.Combine(directory, script));
                if (node.Executable is null)
                {
                    return [node, Status("jest", "node", "runs the tests", required: true, null, null, "node is missing, so jest cannot run", "jest", "npm", install)];
                }

                var result = File.Exists(full) ? await RunAsync(node.Executable, [full, "--version"], directory, cancellationToken) : null;
                var jest = result is { Succeeded: true }
                    ? Status("jest", "jest", "runs the tests", required: true, full, VersionIn(result.Output), null, "jest", "npm", install)
                    : Status("jest", "jest", "runs the tests", required: true, null, null,
                        File.Exists(full) ? $"{script} does not run: {Why(result)}" : $"{script} is gone", "jest", "npm", install);
                return [node, jest];
            }

            var onPath = ExecutableSearch.Find("jest", _searchPath);
            if (onPath is null)
            {
                var where = project is null ? "jest is not on the PATH" : $"jest is neither in node_modules of '{project}' (or above it) nor on the PATH";
                return [node, Status("jest", "jest", "runs the tests", required: true, null, null, where, "jest", "npm", project is null ? "npm install --global jest" : install)];
            }

            var global = await RunAsync(onPath, ["--version"], directory, cancellationToken);
            return
            [
                node,
                global is { Succeeded: true }
                    ? Status("jest", "jest", "runs the tests", required: true, onPath, VersionIn(global.Output), null, "jest", "npm", install)
                    : Status("jest", "jest", "runs the tests", required: true, null, null, $"{onPath} does not run: {Why(global)}", "jest", "npm", install),
            ];
        }

        async Task<List<ToolStatus>> JUnitAsync(string? directory, CancellationToken cancellationToken)
        {
            return
            [
                await VersionAsync("java", "java", "runs the tests", ["-version"], "default-jdk-headless", directory, cancellationToken),
                await VersionAsync("javac", "javac", "compiles the sources and tests", ["-version"], "default-jdk-headless", directory, cancellationToken),
                Jar("JUnit Platform console launcher", probe._options.JUnitConsoleJar, "runs the tests", required: true, "junit5"),
                Jar("JaCoCo agent", probe._options.JacocoAgentJar, "measures coverage", required: false, "libjacoco-java"),
            ];
        }

        async Task<List<ToolStatus>> RspecAsync(string? directory, CancellationToken cancellationToken)
        {
            var rspec = await VersionAsync("rspec", "rspec", "runs the tests", ["--version"], "ruby-rspec", directory, cancellationToken);
            var simplecov = await VersionAsync("SimpleCov", "ruby", "measures coverage", ["-e", "require 'simplecov'; print SimpleCov::VERSION"], "ruby-simplecov", directory, cancellationToken, required: false);
            return [rspec, simplecov];
        }

        async Task<List<ToolStatus>> PhpUnitAsync(string? directory, IReadOnlyList<string> command, CancellationToken cancellationToken)
        {
            var php = await VersionAsync("php", "php", "runs PHPUnit", ["--version"], "php-cli", directory, cancellationToken);
            ToolStatus phpunit;
            if (directory is not null && command is ["php", var script, ..])
            {
                // The project's own PHPUnit, installed by composer.
                var full = Path.GetFullPath(Path.Combine(directory, script));
                var result = php.Executable is null ? null : await RunAsync(php.Executable, [full, "--version"], directory, cancellationToken);
                phpunit = result is { Succeeded: true }
                    ? Status("phpunit", "phpunit", "runs the tests", required: true, full, VersionIn(result.Output), null, "phpunit")
                    : Status("phpunit", "phpunit", "runs the tests", required: true, null, null,
                        php.Executable is null ? "php is missing" : $"{script} does not run: {Why(result)}", "phpunit");
            }
            else
            {
                phpunit = await VersionAsync("phpunit", "phpunit", "runs the tests", ["--version"], "phpunit", directory, cancellationToken);
            }

            var pcov = php.Executable is null
                ? Status("pcov", "php", "measures coverage", required: false, null, null, "php is missing", "php-pcov")
                : await PcovAsync(php.Executable, directory, cancellationToken);
            return [phpunit, php, pcov];
        }

        async Task<ToolStatus> PcovAsync(string php, string? directory, CancellationToken cancellationToken)
        {
            var result = await RunAsync(php, ["-r", "echo phpversion('pcov');"], directory, cancellationToken);
            var version = result is { Succeeded: true } ? VersionIn(result.Output) : null;
            return Status("pcov", "php", "measures coverage", required: false, version is null ? null : php, version,
                version is null ? "the pcov extension is not loaded" : null, "php-pcov");
        }

        /// <summary>A program on the search path that answers <paramref name="arguments"/> with exit code 0.</summary>
        async Task<ToolStatus> VersionAsync(string tool, string program, string purpose, string[] arguments, string package, string? directory,
            CancellationToken cancellationToken, bool required = true, string? install = null)
        {
            var executable = ExecutableSearch.Find(program, _searchPath);
            if (executable is null)
            {
                return Status(tool, program, purpose, required, null, null, $"{program} is not on the PATH", package, install: install);
            }

            var result = await RunAsync(executable, arguments, directory, cancellationToken);
            return result is { Succeeded: true }
                ? Status(tool, program, purpose, required, executable, VersionIn(result.Output), null, package, install: install)
                : Status(tool, program, purpose, required, null, null, $"{executable} {string.Join(' ', arguments)} failed: {Why(result)}", package, install: install);
        }

        static ToolStatus Jar(string tool, string path, string purpose, bool required, string package)
        {
            if (!File.Exists(path))
            {
                return Status(tool, "java", purpose, required, null, null, $"{path} does not exist", package);
            }

            return Status(tool, "java", purpose, required, path, JarVersion(path), null, package);
        }

        /// <summary>
        /// The version in the jar's name, or in the name of a versioned link beside it: Debian installs <c>name.jar</c>
        /// with a <c>name-1.9.1.jar</c> link to it (or, for some packages, the other way round).
        /// </summary>
        static string? JarVersion(string path)
        {
            var file = new FileInfo(path);
            var target = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
            if (VersionIn(target.Name) is { } named)
            {
                return named;
            }

            try
            {
                foreach (var sibling in target.Directory!.EnumerateFiles(Path.GetFileNameWithoutExtension(target.Name) + "-*.jar"))
                {
                    if (sibling.ResolveLinkTarget(returnFinalTarget: true)?.FullName == target.FullName && VersionIn(sibling.Name) is { } version)
                    {
                        return version;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            return null;
        }

        static ToolStatus Status(string tool, string program, string purpose, bool required, string? executable, string? version, string? problem,
            string package, string manager = "apt", string? install = null) =>
            new(tool, program, purpose, required, executable is not null, version, executable, package, manager,
                install ?? (manager == "npm" ? $"npm install --save-dev {package}" : $"apt-get install {package}"), problem);

        Task<ProcessResult?> RunAsync(string executable, IReadOnlyList<string> arguments, string? directory, CancellationToken cancellationToken)
        {
            var key = string.Join('\0', [directory ?? string.Empty, executable, .. arguments]);
            if (!_runs.TryGetValue(key, out var run))
            {
                _runs[key] = run = RunOnceAsync(executable, arguments, directory, cancellationToken);
            }

            return run;
        }

        async Task<ProcessResult?> RunOnceAsync(string executable, IReadOnlyList<string> arguments, string? directory, CancellationToken cancellationToken)
        {
            var spec = new ProcessSpec(executable, arguments)
            {
                WorkingDirectory = directory is not null && Directory.Exists(directory) ? directory : Path.GetTempPath(),
                // The child sees the same search path the probe used: a jest or rspec script's "#!/usr/bin/env node" finds the node we checked.
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = _searchPath },
                Timeout = TimeSpan.FromSeconds(probe._options.ProbeTimeoutSeconds),
                MaxOutputBytes = MaxProbeOutputBytes,
            };
            try
            {
                return await probe._processes.RunAsync(spec, onOutput: null, cancellationToken);
            }
            catch (LightningException)
            {
                // Found but cannot be started (not executable after all, a broken interpreter line).
                return null;
            }
        }
    }

    /// <summary>Why a probe failed, in one line: usually the last line of output (where tracebacks and errors end).</summary>
    static string Why(ProcessResult? result) => result switch
    {
        null => "it could not be started",
        { Outcome: ProcessOutcome.TimedOut } => "it did not answer in time",
        _ => result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { } line
            ? line.Length > 200 ? line[..200] + "..." : line
            : $"exit code {result.ExitCode}",
    };

    static string? VersionIn(string text) => VersionNumber().Match(text) is { Success: true } match ? match.Value : null;

    [GeneratedRegex(@"\d+\.\d+(?:\.\d+)*")]
    private static partial Regex VersionNumber();
}
