using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Core.Workspaces;
using Lightning.Git.Registry;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.History;

/// <summary>
/// Turns what an API caller names into a <see cref="TestTarget"/>: a registered repository's name (anyone), or a path
/// inside the testing workspace (<see cref="TestRunOptions.WorkspaceRoot"/>; admins only, since it reads the server's
/// disk). A <c>path</c> given with a repository narrows to a folder inside it and cannot leave it.
/// </summary>
public sealed class TestTargetResolver(GitRepositoryRegistry registry, IOptions<TestRunOptions> options, IOptions<LightningOptions> lightning)
{
    /// <summary>The directory admins name paths in: configured, or the data directory's <c>workspaces</c>.</summary>
    public Workspace Workspace => new(options.Value.WorkspaceRoot ?? lightning.Value.DataPath("workspaces"));

    public async Task<TestTarget> ResolveAsync(string? repository, string? path, bool mayUsePaths, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["repository"] = ["Name a registered repository, or (admins) a path inside the testing workspace."],
            });
        }

        repository = repository.Trim();
        var registered = GitRepositoryRegistry.IsValidName(repository) ? await registry.FindAsync(repository, cancellationToken) : null;
        if (registered is not null)
        {
            var workspace = new Workspace(registered.Path);
            var inside = string.IsNullOrWhiteSpace(path) ? "." : workspace.Relative(workspace.Resolve(path.Trim()));
            // History names the repository; a narrower run is still a run of it.
            return new TestTarget(workspace, inside, registered.Name);
        }

        if (!mayUsePaths)
        {
            throw GitRepositoryRegistry.IsValidName(repository)
                ? new LightningException(ErrorKind.NotFound, "git.repository_not_found", $"No repository named '{repository}' is registered.")
                : new LightningException(ErrorKind.Invalid, "testing.path_needs_admin",
                    "Running tests in a path on the server needs an admin key; operators name a registered repository.");
        }

        var root = Workspace;
        var full = root.Resolve(string.IsNullOrWhiteSpace(path) ? repository : Path.Combine(repository, path.Trim()));
        if (!Directory.Exists(full))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found",
                $"No registered repository is named '{repository}', and '{root.Relative(full)}' is not a directory of the testing workspace.");
        }

        var relative = root.Relative(full);
        return new TestTarget(root, relative, relative);
    }
}
