using System.Text.Json;
using System.Text.Json.Serialization;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools.RepositoryAnalysis;
using Lightning.Core.Errors;
using Lightning.Core.Processes;

namespace Lightning.Agents.Tools;

/// <summary>
/// Describes a directory of the agent's workspace without a model: languages and lines, manifests, test frameworks
/// with a command to run each, container and CI files, and git branch and commit. It only reads: it walks the
/// directory without following symbolic links and runs nothing but <c>git</c> (with an argument list).
/// The output is a <see cref="RepositoryReport"/>.
/// </summary>
public sealed class RepositoryAnalysisTool(ActionExecutor executor, IProcessRunner processes) : IAgentTool
{
    public const int DefaultMaxFiles = 20_000;
    public const int MaxMaxFiles = 1_000_000;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Name => "repository-analysis";

    public string Description =>
        "Describe a directory of the agent's workspace without a model: languages, manifests, test frameworks with test commands, containers, CI, git. Input: path (default \".\"), maxFiles (default 20000).";

    public string? Capability => Capabilities.RepositoryAnalysis;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        if (ToolInput.Text(input, "path", errors, required: false) is { } path && string.IsNullOrWhiteSpace(path))
        {
            errors.Add("'path' must not be empty; use \".\" for the whole workspace.");
        }

        if (ToolInput.Number(input, "maxFiles", errors) is { } maxFiles && maxFiles is < 1 or > MaxMaxFiles)
        {
            errors.Add($"'maxFiles' must be between 1 and {MaxMaxFiles:N0}.");
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var errors = Validate(invocation.Input);
        if (errors.Count > 0)
        {
            return ToolResult.Failure(string.Join(" ", errors), retryable: false);
        }

        var ignored = new List<string>();
        var path = ToolInput.Text(invocation.Input, "path", ignored, required: false) ?? ".";
        var maxFiles = ToolInput.Number(invocation.Input, "maxFiles", ignored) ?? DefaultMaxFiles;
        var workspace = invocation is { SharedWorkspace: true, Collaboration: { } collaboration }
            ? executor.SharedWorkspaceOf(collaboration)
            : executor.WorkspaceOf(invocation.Agent);
        string directory;
        try
        {
            directory = workspace.Resolve(path);
        }
        catch (LightningException ex)
        {
            return ToolResult.Failure(ex.Message, retryable: false);
        }

        if (!Directory.Exists(directory))
        {
            return ToolResult.Failure(
                File.Exists(directory) ? $"'{path}' is a file, not a directory." : $"Directory '{path}' does not exist in the workspace of agent '{invocation.Agent}'.",
                retryable: false);
        }

        // The walk reads many files synchronously: keep it off the caller's thread.
        var scan = await Task.Run(() => RepositoryScanner.Scan(directory, maxFiles, cancellationToken), cancellationToken);
        var frameworks = await Task.Run(() => TestFrameworkDetector.Detect(directory, scan), cancellationToken);
        var git = await new GitInspector(processes).InspectAsync(directory, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var report = BuildReport(workspace.Relative(directory), scan, frameworks, git);
        return ToolResult.Success(JsonSerializer.SerializeToElement(report, Json));
    }

    static RepositoryReport BuildReport(string path, RepositoryScan scan, IReadOnlyList<TestFrameworkFinding> frameworks, GitSummary git)
    {
        var languages = scan.Languages
            .Select(pair => new LanguageSummary(pair.Key, pair.Value.Files, pair.Value.Lines))
            .OrderByDescending(language => language.Lines)
            .ThenByDescending(language => language.Files)
            .ThenBy(language => language.Language, StringComparer.Ordinal)
            .ToList();
        var files = scan.Files.Order(StringComparer.Ordinal).ToList();
        var manifests = files
            .Select(file => (File: file, Kind: ManifestCatalog.KindOf(file)))
            .Where(item => item.Kind is not null)
            .Select(item => new ManifestFile(item.File, item.Kind!))
            .ToList();
        var dockerfiles = files.Where(file => ManifestCatalog.IsDockerfile(ManifestCatalog.FileName(file))).ToList();
        var composeFiles = files.Where(file => ManifestCatalog.IsComposeFile(ManifestCatalog.FileName(file))).ToList();
        var ci = files
            .Select(file => (File: file, Provider: ManifestCatalog.CiProviderOf(file)))
            .Where(item => item.Provider is not null)
            .Select(item => new CiFile(item.File, item.Provider!))
            .ToList();
        return new RepositoryReport(
            path,
            languages,
            languages.Count > 0 ? languages[0].Language : null,
            manifests,
            frameworks,
            new ContainerSummary(dockerfiles.Count > 0, dockerfiles, composeFiles),
            ci,
            git,
            new RepositoryTotals(scan.Files.Count, scan.Lines, scan.Bytes),
            scan.Truncated);
    }
}
