using Lightning.Core.Errors;
using Lightning.Core.Workspaces;

namespace Lightning.Testing.Generation;

/// <summary>
/// Writes accepted tests into the repository: one new file per target (<c>tests/test_parse_generated.py</c>,
/// <c>calc.generated.test.js</c>), never over an existing file, never outside the repository (every path goes through
/// <see cref="Workspace.Resolve"/>, links included). All files are written to temporary names first and renamed at the
/// end, so a failure leaves no partial file behind.
/// </summary>
public static class TestGenerationWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(
        Workspace workspace, string repository, GenerationLanguage language, IReadOnlyList<TestCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "testing.generation_nothing_to_write", "No tests to write: none of the candidates passed the filters, or none was chosen.");
        }

        var projectDirectory = workspace.Resolve(repository);
        var project = new Workspace(projectDirectory);
        var support = LanguageSupport.For(language);
        var planned = new List<(string Relative, string Full, string Temporary, string Text)>();
        foreach (var group in candidates.GroupBy(candidate => candidate.Target, StringComparer.Ordinal))
        {
            project.Resolve(group.Key);
            var relative = support.AcceptedFile(projectDirectory, group.Key);
            if (planned.Any(p => p.Relative == relative))
            {
                relative = relative.Insert(relative.LastIndexOf('.') is var dot && dot > 0 ? dot : relative.Length, "_" + planned.Count);
            }

            var full = project.Resolve(relative);
            var text = support.RenderAt(relative, group.SelectMany(candidate => candidate.Imports), group.Select(candidate => candidate.Code));
            planned.Add((relative, full, Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp"), text));
        }

        var moved = new List<string>();
        try
        {
            foreach (var file in planned)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file.Full)!);
                await File.WriteAllTextAsync(file.Temporary, file.Text, cancellationToken);
            }

            foreach (var file in planned)
            {
                // No overwrite: a file that appeared since the name was chosen fails the whole write.
                File.Move(file.Temporary, file.Full, overwrite: false);
                moved.Add(file.Full);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            foreach (var file in planned)
            {
                File.Delete(file.Temporary);
            }

            foreach (var full in moved)
            {
                File.Delete(full);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new LightningException(ErrorKind.Conflict, "testing.generation_write_failed", $"The generated tests could not be written, so none were: {ex.Message}", ex);
        }

        return [.. planned.Select(file => file.Relative)];
    }
}
