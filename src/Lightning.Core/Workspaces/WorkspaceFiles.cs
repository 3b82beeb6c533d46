using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Core.Workspaces;

/// <summary>An entry in a workspace listing.</summary>
public sealed record WorkspaceEntry(string Path, bool IsDirectory, long Size, DateTimeOffset ModifiedAt);

/// <summary>Reads, writes and lists files inside a <see cref="Workspace"/>. Writes are atomic: a reader never sees half a file.</summary>
public static class WorkspaceFiles
{
    public const long DefaultMaxReadBytes = 4 * 1024 * 1024;

    public static async Task<string> ReadTextAsync(Workspace workspace, string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var full = workspace.Resolve(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new LightningException(ErrorKind.NotFound, "workspace.file_not_found", $"File '{path}' does not exist in the workspace.");
        }

        if (info.Length > maxBytes)
        {
            throw new LightningException(ErrorKind.Invalid, "workspace.file_too_large", $"File '{path}' is {info.Length} bytes, over the {maxBytes}-byte read limit.");
        }

        return await File.ReadAllTextAsync(full, Encoding.UTF8, cancellationToken);
    }

    public static async Task<long> WriteTextAsync(Workspace workspace, string path, string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(content);
        var full = workspace.Resolve(path);
        if (Directory.Exists(full))
        {
            throw new LightningException(ErrorKind.Invalid, "workspace.is_directory", $"'{path}' is a directory.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write beside the target and rename over it, so a crash leaves either the old file or the new one.
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            return bytes.LongLength;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static IReadOnlyList<WorkspaceEntry> List(Workspace workspace, string path, bool recursive, int maxEntries = 10_000)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var full = string.IsNullOrEmpty(path) || path == "." ? workspace.Root : workspace.Resolve(path);
        var directory = new DirectoryInfo(full);
        if (!directory.Exists)
        {
            throw new LightningException(ErrorKind.NotFound, "workspace.directory_not_found", $"Directory '{path}' does not exist in the workspace.");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return directory.EnumerateFileSystemInfos("*", options)
            .Take(maxEntries)
            .Select(entry => new WorkspaceEntry(
                workspace.Relative(entry.FullName),
                entry is DirectoryInfo,
                entry is FileInfo file ? file.Length : 0,
                new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .ToList();
    }
}
