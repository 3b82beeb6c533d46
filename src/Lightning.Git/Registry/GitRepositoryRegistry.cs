using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Git.Persistence;
using Lightning.Git.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Registry;

/// <summary>
/// The repositories the platform knows by name. Every API and CLI operation names a repository; this turns the name
/// into the working copy's path, so no request ever supplies a server path except an admin's registration.
/// </summary>
public sealed partial class GitRepositoryRegistry(
    IDbContextFactory<GitDbContext> database,
    GitCli git,
    GitRepositoryService repositories,
    IOptions<LightningOptions> lightning,
    IOptions<GitRegistryOptions> options,
    TimeProvider time)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Whether <paramref name="name"/> can name a repository (and a hosting connection): 1-64 of <c>a-z0-9._-</c>, starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => !string.IsNullOrEmpty(name) && NamePattern().IsMatch(name);

    public async Task<IReadOnlyList<RepositoryView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entities = await context.Repositories.AsNoTracking().ToListAsync(cancellationToken);
        return entities.OrderBy(entity => entity.Name, StringComparer.Ordinal).Select(ToView).ToList();
    }

    public async Task<RepositoryView?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entity = await context.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        return entity is null ? null : ToView(entity);
    }

    /// <summary>The registered repository or a <c>git.repository_not_found</c> error.</summary>
    public async Task<RepositoryView> GetAsync(string name, CancellationToken cancellationToken) =>
        await FindAsync(name, cancellationToken)
        ?? throw new LightningException(ErrorKind.NotFound, "git.repository_not_found", $"No repository named '{name}' is registered.");

    /// <summary>Registers an existing repository directory on the server.</summary>
    public async Task<RepositoryView> RegisterPathAsync(RepositoryRegistration registration, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var validator = new Validator();
        ValidateName(registration.Name, validator);
        string? path = null;
        if (string.IsNullOrWhiteSpace(registration.Path) || !System.IO.Path.IsPathFullyQualified(registration.Path))
        {
            validator.Add("path", "Give the absolute path of a repository on the server.");
        }
        else
        {
            path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(registration.Path));
            if (!Directory.Exists(path))
            {
                validator.Add("path", $"The directory '{path}' does not exist on the server.");
            }
            else if (!IsAllowed(path))
            {
                validator.Add("path", $"'{path}' is outside the directories repositories may be registered from ({string.Join(", ", options.Value.AllowedRoots)}).");
            }
        }

        validator.ThrowIfInvalid();
        await EnsureRepositoryAsync(path!, cancellationToken);
        return await AddAsync(new RepositoryEntity
        {
            Name = registration.Name,
            Path = path!,
            Managed = false,
            Connection = registration.Connection,
            HostedRepository = registration.HostedRepository,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = requestedBy,
        }, cancellationToken);
    }

    /// <summary>
    /// Clones <see cref="RepositoryRegistration.CloneUrl"/> into the data directory and registers it. Network URLs
    /// (https, ssh, git@host:path) are for anyone who may register; a local path or file:// URL reads the server's disk,
    /// so only <paramref name="mayReadServerPaths"/> callers (admins) may clone one. A failed clone leaves nothing behind.
    /// </summary>
    public async Task<RepositoryView> RegisterCloneAsync(
        RepositoryRegistration registration, string requestedBy, bool mayReadServerPaths, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var validator = new Validator();
        ValidateName(registration.Name, validator);
        var url = registration.CloneUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            validator.Add("cloneUrl", "Give either cloneUrl (a repository to clone) or path (an existing repository on the server).");
        }
        else if (url.StartsWith('-'))
        {
            validator.Add("cloneUrl", "A clone URL cannot start with '-'.");
        }
        else if (!IsNetworkUrl(url) && !mayReadServerPaths)
        {
            validator.Add("cloneUrl", "Cloning a path on the server (or a file:// URL) needs an admin key; use an https or ssh URL.");
        }

        validator.ThrowIfInvalid();
        if (await FindAsync(registration.Name, cancellationToken) is not null)
        {
            throw new LightningException(ErrorKind.Conflict, "git.repository_exists", $"A repository named '{registration.Name}' is already registered.");
        }

        var target = System.IO.Path.Combine(ClonesRoot, registration.Name);
        if (Directory.Exists(target))
        {
            throw new LightningException(ErrorKind.Conflict, "git.repository_exists",
                $"The clone directory '{target}' already exists; remove it or pick another name.");
        }

        Directory.CreateDirectory(ClonesRoot);
        await repositories.CloneAsync(url!, target, new GitCloneOptions { Branch = registration.Branch, Token = token }, cancellationToken);
        try
        {
            return await AddAsync(new RepositoryEntity
            {
                Name = registration.Name,
                Path = target,
                CloneUrl = GitCli.Redact(url!),
                Managed = true,
                Connection = registration.Connection,
                HostedRepository = registration.HostedRepository,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = requestedBy,
            }, cancellationToken);
        }
        catch
        {
            // Registered nothing: leave nothing on disk either.
            Directory.Delete(target, recursive: true);
            throw;
        }
    }

    internal static bool IsNetworkUrl(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("git://", StringComparison.OrdinalIgnoreCase)
        || ScpLikeUrl().IsMatch(url);

    // user@host:path, the form ssh remotes are usually written in (git@github.com:owner/repo.git).
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]")]
    private static partial Regex ScpLikeUrl();

    /// <summary>Forgets a repository; the files of one the platform cloned are deleted too, a registered directory is left alone.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        var entity = await context.Repositories.FirstOrDefaultAsync(r => r.Name == name, cancellationToken)
            ?? throw new LightningException(ErrorKind.NotFound, "git.repository_not_found", $"No repository named '{name}' is registered.");
        context.Repositories.Remove(entity);
        await context.SaveChangesAsync(cancellationToken);
        if (entity.Managed && entity.Path.StartsWith(ClonesRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && Directory.Exists(entity.Path))
        {
            Directory.Delete(entity.Path, recursive: true);
        }
    }

    /// <summary>Where the platform clones repositories: <c>&lt;data&gt;/git/repos</c>.</summary>
    public string ClonesRoot => lightning.Value.DataPath("git", "repos");

    internal static void ValidateName(string? name, Validator validator)
    {
        if (!IsValidName(name))
        {
            validator.Add("name", "A repository name is 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    internal async Task<RepositoryView> AddAsync(RepositoryEntity entity, CancellationToken cancellationToken)
    {
        await using var context = await database.CreateDbContextAsync(cancellationToken);
        if (await context.Repositories.AnyAsync(r => r.Name == entity.Name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Conflict, "git.repository_exists", $"A repository named '{entity.Name}' is already registered.");
        }

        context.Repositories.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        return ToView(entity);
    }

    async Task EnsureRepositoryAsync(string path, CancellationToken cancellationToken)
    {
        // Asking git (not looking for a .git folder) also accepts bare repositories and worktrees; the top level must be
        // the path itself, so a subfolder of a repository is not registered as if it were one.
        var result = await git.RunAsync(path, ["rev-parse", "--is-bare-repository", "--show-toplevel"], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 128] });
        if (!result.Succeeded)
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"'{path}' is not a git repository.");
        }

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bare = lines.Length > 0 && string.Equals(lines[0], "true", StringComparison.Ordinal);
        if (!bare && (lines.Length < 2 || !string.Equals(System.IO.Path.GetFullPath(lines[1]), path, StringComparison.Ordinal)))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_repository_root",
                $"'{path}' is inside a repository but is not its top level ({(lines.Length > 1 ? lines[1] : "?")}); register the top level.");
        }
    }

    bool IsAllowed(string path)
    {
        if (options.Value.AllowedRoots.Count == 0)
        {
            return true;
        }

        return options.Value.AllowedRoots.Any(root =>
        {
            var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
            return string.Equals(path, full, StringComparison.Ordinal)
                || path.StartsWith(full + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
        });
    }

    static RepositoryView ToView(RepositoryEntity entity) => new(
        entity.Name, entity.Path, entity.CloneUrl, entity.Managed, entity.Connection, entity.HostedRepository, entity.CreatedAt, entity.CreatedBy);
}
