using Lightning.Core.Workspaces;

namespace Lightning.Testing.Generation;

/// <summary>
/// A private copy of the project in a temporary directory: generated code is executed and candidates are run there,
/// never in the repository. Dependency and build directories are not copied (node_modules is linked, so the code's
/// own requires still resolve); symbolic links are not followed. Deleted on dispose.
/// </summary>
internal sealed class ScratchCopy : IDisposable
{
    const int MaxFiles = 20_000;

    static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", "__pycache__", ".pytest_cache", ".venv", "venv", ".tox", "bin", "obj", "coverage", ".lightning", ".mypy_cache", "dist", "build",
    };

    ScratchCopy(string root)
    {
        Root = root;
        Workspace = new Workspace(root);
    }

    public string Root { get; }

    public Workspace Workspace { get; }

    /// <summary>The project's copy: <c>Root/repo</c>.</summary>
    public string Project => Path.Combine(Root, "repo");

    public string Directory(string name)
    {
        var path = Path.Combine(Root, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static ScratchCopy Create(string source, string? parent)
    {
        var root = Path.Combine(parent ?? Path.GetTempPath(), "lightning-gen-" + Guid.NewGuid().ToString("N")[..12]);
        var scratch = new ScratchCopy(root);
        System.IO.Directory.CreateDirectory(scratch.Project);
        var count = 0;
        Copy(new DirectoryInfo(source), scratch.Project, ref count);
        var modules = Path.Combine(source, "node_modules");
        if (System.IO.Directory.Exists(modules))
        {
            System.IO.Directory.CreateSymbolicLink(Path.Combine(scratch.Project, "node_modules"), modules);
        }

        return scratch;
    }

    static void Copy(DirectoryInfo from, string to, ref int count)
    {
        foreach (var entry in from.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                if (Skipped.Contains(directory.Name))
                {
                    continue;
                }

                var target = Path.Combine(to, directory.Name);
                System.IO.Directory.CreateDirectory(target);
                Copy(directory, target, ref count);
            }
            else if (entry is FileInfo file)
            {
                if (++count > MaxFiles)
                {
                    throw new Core.Errors.LightningException(Core.Errors.ErrorKind.Invalid, "testing.generation_project_too_large",
                        $"The project has more than {MaxFiles} files: name a smaller directory (the package that holds the file).");
                }

                file.CopyTo(Path.Combine(to, file.Name));
            }
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its timeout may still hold a file; the temp directory is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
