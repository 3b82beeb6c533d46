namespace Lightning.Collaboration.Replay;

/// <summary>Copies a workspace directory tree: files with their contents, directories, and symbolic links as links.</summary>
public static class WorkspaceCopy
{
    public static void Copy(string source, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        Directory.CreateDirectory(target);
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var to = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                // A link stays a link: copying what it points at could pull files from outside the workspace in.
                File.CreateSymbolicLink(to, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory.FullName, to);
            }
            else
            {
                File.Copy(entry.FullName, to, overwrite: true);
            }
        }
    }
}
