using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Testing.Coverage.Collectors;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners;

/// <summary>
/// Coverage during a run (<see cref="TestRunRequest.Coverage"/>): the project's <see cref="CoverageCollection"/> is
/// applied to its first pass — its command replaces the detected one (the adapter still adds its reporters), its
/// variables join the environment, its helper files and steps run around the pass — and its report is read, mapped
/// onto the repository and returned. Whatever goes wrong with coverage only makes it unavailable, with the reason.
/// </summary>
public sealed partial class TestRunner
{
    const int CoverageStepOutputChars = 16 * 1024;

    /// <summary>The first pass's context under the coverage tool, or why coverage cannot be measured (then <see cref="Context"/> is null).</summary>
    internal sealed record CoverageStart(ProjectContext? Context, CoverageCollection? Collection, string? Unavailable);

    async Task<CoverageStart> StartCoverageAsync(FrameworkAdapter adapter, ProjectContext context, string? perTestDirectory, CancellationToken cancellationToken)
    {
        var missing = context.Toolchain.Tools.Where(tool => !tool.Required && !tool.Present).ToList();
        if (missing.Count > 0)
        {
            return new CoverageStart(null, null, string.Join(" ", missing.Select(tool =>
                $"{tool.Tool} is missing ({tool.Problem}): install the {(tool.PackageManager == "npm" ? "npm" : "Debian")} package {tool.Package} ({tool.Install}).")));
        }

        CoverageCollection collection;
        try
        {
            collection = CoverageCollectors.For(context.Project, context.Directory, Path.Combine(context.Scratch, "coverage"),
                new CoverageCollectorOptions { SearchPath = context.SearchPath, PerTestDirectory = perTestDirectory });
        }
        catch (LightningException ex)
        {
            return new CoverageStart(null, null, ex.Message);
        }

        Directory.CreateDirectory(collection.OutputDirectory);
        foreach (var file in collection.Files)
        {
            await File.WriteAllTextAsync(file.Path, file.Content, cancellationToken);
        }

        foreach (var step in collection.Before)
        {
            if (await RunCoverageStepAsync(adapter, context, collection, step, cancellationToken) is { } failed)
            {
                return new CoverageStart(null, collection, failed);
            }
        }

        var measured = context with
        {
            Project = context.Project with { Command = collection.Command },
            Environment = collection.Environment,
        };
        return new CoverageStart(measured, collection, null);
    }

    async Task<ProjectCoverage> FinishCoverageAsync(
        FrameworkAdapter adapter, CoverageStart start, PassOutcome first, string repositoryRoot, ProjectRun run, CancellationToken cancellationToken)
    {
        if (start.Collection is not { } collection || start.Context is null)
        {
            return ProjectCoverage.Missing(start.Unavailable ?? "the coverage tool could not be prepared.");
        }

        if (first.Process is null)
        {
            return ProjectCoverage.Missing(first.TimedOut ? "the tests timed out before the coverage tool could write its report." : "the tests did not run.");
        }

        // A failing run still has coverage: the steps that write the report run whatever the tests said.
        var problems = new List<string>();
        foreach (var step in collection.After)
        {
            if (await RunCoverageStepAsync(adapter, start.Context with { Environment = null }, collection, step, cancellationToken) is { } failed)
            {
                problems.Add(failed);
            }
        }

        var reports = collection.FindReports();
        if (reports.Count == 0)
        {
            var why = problems.Count > 0 ? string.Join(" ", problems)
                : $"{Display(start.Context.Project)} wrote no coverage report ({collection.Report}).";
            return ProjectCoverage.Missing($"{why} Needs: {string.Join(" ", collection.Requirements)}");
        }

        try
        {
            var loaded = await _coverage.LoadAsync(reports, repositoryRoot, cancellationToken);
            run.Messages.AddRange(problems.Select(problem => new TestRunMessage("warning", "Coverage: " + problem, _time.GetUtcNow(), null)));
            return new ProjectCoverage(loaded.Report, null) { NotFound = loaded.NotFound, Outside = loaded.Outside };
        }
        catch (LightningException ex)
        {
            // A malformed or unknown report: the message names the file and line.
            return ProjectCoverage.Missing(ex.Message);
        }
    }

    /// <summary>Runs a step of the coverage tool (unpacking an agent, writing the report); the reason it failed, or null.</summary>
    async Task<string?> RunCoverageStepAsync(
        FrameworkAdapter adapter, ProjectContext context, CoverageCollection collection, CoverageStep step, CancellationToken cancellationToken)
    {
        var command = adapter.Preparation(context, step.Command);
        // The step's output is not the tests' output: kept apart, and only its end is quoted when it fails.
        var output = new BoundedText(CoverageStepOutputChars);
        var capture = new PassCapture(null, null, false, output, output);
        var quiet = new ProjectRun(new LiveRun(_ => ValueTask.CompletedTask, _time), output, output, TimeSpan.FromSeconds(_options.TimeoutSeconds),
            _time.GetTimestamp() + (long)(_options.TimeoutSeconds * (double)_time.TimestampFrequency));
        ProcessResult? process;
        try
        {
            // The agent JAVA_TOOL_OPTIONS loads is for the test JVMs: the steps unpack it and read its data.
            var environment = collection.Environment.Where(variable => variable.Key != "JAVA_TOOL_OPTIONS").ToDictionary(StringComparer.Ordinal);
            process = await RunProcessAsync(context, command, environment, new SilentTranslator(), quiet, capture, cancellationToken, step.WorkingDirectory);
        }
        catch (LightningException ex)
        {
            return $"{Quote(command)} could not run: {ex.Message}";
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (process is null || process.Succeeded)
        {
            return null;
        }

        var why = process.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"exited with code {code}") : $"was stopped ({process.Outcome})";
        return $"{Quote(command)} {why}: {LastLines(output.ToStringOrNull() ?? process.Output)}";
    }
}
