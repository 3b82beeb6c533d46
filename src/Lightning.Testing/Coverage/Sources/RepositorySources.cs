using Lightning.Core.Errors;
using Lightning.Core.Workspaces;

namespace Lightning.Testing.Coverage.Sources;

/// <summary>
/// Reads a covered file's source from the repository through <see cref="Workspace"/>, so that a path from a report
/// (untrusted input) can never read outside it, not even through a symbolic link. Missing, unreadable, binary or
/// oversized files give null: a report then shows lines without source.
/// </summary>
public sealed class RepositorySources
{
    /// <summary>Larger files are not shown: a coverage page is for reading code, not for generated bundles.</summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    readonly Workspace _repository;

    public RepositorySources(string repositoryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        _repository = new Workspace(repositoryRoot);
    }

    public string Root => _repository.Root;

    public async Task<string?> ReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string full;
        try
        {
            full = _repository.Resolve(relativePath);
        }
        catch (LightningException)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(full);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return null;
            }

            var text = await File.ReadAllTextAsync(full, cancellationToken);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The lines of a source text, without their line breaks (\n, \r\n or \r).</summary>
    public static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings("\n").Split('\n');
    }
}
