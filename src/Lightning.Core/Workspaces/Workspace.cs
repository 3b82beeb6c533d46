using Lightning.Core.Errors;

namespace Lightning.Core.Workspaces;

/// <summary>
/// A directory that an agent may touch, and nothing outside it. Every path an agent is given goes through
/// <see cref="Resolve"/>, which rejects traversal, absolute paths elsewhere and symbolic links that lead out.
/// </summary>
public sealed class Workspace
{
    public Workspace(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Directory.CreateDirectory(root);
        // Resolve the root itself once, so a root reached through a link still compares equal below.
        Root = Path.TrimEndingDirectorySeparator(new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(root));
    }

    public string Root { get; }

    /// <summary>The full path of <paramref name="relativePath"/> inside the workspace.</summary>
    /// <exception cref="LightningException">The path is empty, malformed, or leads outside the workspace.</exception>
    public string Resolve(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath) || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw Outside(relativePath, "the path is empty or malformed");
        }

        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!IsInside(full))
        {
            throw Outside(relativePath, "it leads outside the workspace");
        }

        // Walk each existing component: a symbolic link inside the workspace must not point out of it.
        var current = Root;
        foreach (var part in Path.GetRelativePath(Root, full).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (!info.Exists && !Directory.Exists(current))
            {
                break;
            }

            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target is null || !IsInside(Path.GetFullPath(target)))
                {
                    throw Outside(relativePath, "a symbolic link in it leads outside the workspace");
                }
            }
        }

        return full;
    }

    /// <summary>The path relative to the root, with forward slashes, for showing to users.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    bool IsInside(string full) =>
        string.Equals(full, Root, StringComparison.Ordinal)
        || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    static LightningException Outside(string path, string why) =>
        new(ErrorKind.Invalid, "workspace.path_rejected", $"Path '{path}' is rejected: {why}.");
}
