using System.Text.RegularExpressions;
using Lightning.Agents.Persistence;
using Lightning.Agents.Roles;
using Lightning.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lightning.Agents.Registry;

/// <summary>
/// The agents the platform knows. Reads are served from memory (the list is small and read on every dashboard
/// refresh); every write goes through here and refreshes it.
/// </summary>
public sealed partial class AgentRegistry(
    IDbContextFactory<AgentsDbContext> contexts,
    AgentActivity activity,
    TimeProvider timeProvider,
    IOptions<AgentsOptions> options) : IDisposable
{
    readonly SemaphoreSlim _writeLock = new(1, 1);
    volatile IReadOnlyList<AgentEntity>? _cache;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex CapabilityPattern();

    public void Dispose() => _writeLock.Dispose();

    TimeSpan OfflineAfter => options.Value.HeartbeatInterval * options.Value.MissedHeartbeatsBeforeOffline;

    public async Task<IReadOnlyList<AgentView>> ListAsync(CancellationToken cancellationToken) =>
        (await EntitiesAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<AgentView?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var entity = await FindEntityAsync(name, cancellationToken);
        return entity is null ? null : ToView(entity);
    }

    public async Task<AgentEntity?> FindEntityAsync(string name, CancellationToken cancellationToken) =>
        (await EntitiesAsync(cancellationToken)).FirstOrDefault(agent => string.Equals(agent.Name, name, StringComparison.Ordinal));

    public async Task<AgentView> RegisterAsync(AgentRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var entity = Validate(registration, existing: null);
        await WriteAsync(async context =>
        {
            if (await context.Agents.AnyAsync(agent => agent.Name == entity.Name, cancellationToken))
            {
                throw new LightningException(ErrorKind.Conflict, "agent.exists", $"An agent named '{entity.Name}' already exists.");
            }

            entity.CreatedAt = entity.UpdatedAt = timeProvider.GetUtcNow();
            context.Agents.Add(entity);
            await context.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        MarkPresentIfLocal(entity);
        return ToView(entity);
    }

    public async Task<AgentView> UpdateAsync(string name, AgentRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        AgentEntity? updated = null;
        await WriteAsync(async context =>
        {
            var entity = await context.Agents.FirstOrDefaultAsync(agent => agent.Name == name, cancellationToken)
                ?? throw NotFound(name);
            var changes = Validate(registration with { Name = name }, entity);
            entity.Role = changes.Role;
            entity.Description = changes.Description;
            entity.Capabilities = changes.Capabilities;
            entity.MaxConcurrency = changes.MaxConcurrency;
            entity.Location = changes.Location;
            entity.SshHost = changes.SshHost;
            entity.SshPort = changes.SshPort;
            entity.SshUser = changes.SshUser;
            entity.SshPrivateKeyPath = changes.SshPrivateKeyPath;
            entity.SystemPrompt = changes.SystemPrompt;
            entity.UpdatedAt = timeProvider.GetUtcNow();
            await context.SaveChangesAsync(cancellationToken);
            updated = entity;
        }, cancellationToken);
        MarkPresentIfLocal(updated!);
        return ToView(updated!);
    }

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await WriteAsync(async context =>
        {
            var entity = await context.Agents.FirstOrDefaultAsync(agent => agent.Name == name, cancellationToken) ?? throw NotFound(name);
            if (activity.Running(name) > 0)
            {
                throw new LightningException(ErrorKind.Conflict, "agent.busy",
                    $"Agent '{name}' is running {activity.Running(name)} action(s); cancel them or wait before removing it.");
            }

            context.Agents.Remove(entity);
            await context.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        activity.Forget(name);
    }

    /// <summary>Records a heartbeat from an agent (an external worker, or the server for its in-process agents).</summary>
    public async Task<AgentView> HeartbeatAsync(string name, CancellationToken cancellationToken)
    {
        var entity = await FindEntityAsync(name, cancellationToken) ?? throw NotFound(name);
        activity.Beat(name);
        return ToView(entity);
    }

    /// <summary>
    /// Adds one built-in agent per specialist role not seeded before: every role on the first start of a platform, and a
    /// role added by an upgrade on an existing one. A role is seeded once: an agent the user deleted stays deleted, and
    /// an agent of the user's with a role's name is left as it is.
    /// </summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var seeded = 0;
        await WriteAsync(async context =>
        {
            var recorded = (await context.SeededRoles.Select(s => s.Role).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var names = (await context.Agents.Select(a => a.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var now = timeProvider.GetUtcNow();
            foreach (var role in AgentRoles.All.Where(role => !recorded.Contains(role.Name)))
            {
                if (!names.Contains(role.Name))
                {
                    context.Agents.Add(new AgentEntity
                    {
                        Name = role.Name,
                        Role = role.Name,
                        Description = role.Description,
                        Capabilities = [.. role.Capabilities],
                        MaxConcurrency = 2,
                        Location = AgentLocation.InProcess,
                        BuiltIn = true,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                    seeded++;
                }

                context.SeededRoles.Add(new SeededRoleEntity { Role = role.Name, SeededAt = now });
            }

            await context.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        return seeded;
    }

    public static LightningException NotFound(string name) =>
        new(ErrorKind.NotFound, "agent.not_found", $"No agent named '{name}'.");

    async Task<IReadOnlyList<AgentEntity>> EntitiesAsync(CancellationToken cancellationToken)
    {
        var cached = _cache;
        if (cached is not null)
        {
            return cached;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await context.Agents.AsNoTracking().OrderBy(agent => agent.Name).ToListAsync(cancellationToken);
        _cache = loaded;
        return loaded;
    }

    async Task WriteAsync(Func<AgentsDbContext, Task> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            await write(context);
        }
        finally
        {
            _cache = null;
            _writeLock.Release();
        }
    }

    void MarkPresentIfLocal(AgentEntity entity)
    {
        // An in-process agent lives in this server: it is present from the moment it exists.
        if (entity.Location == AgentLocation.InProcess)
        {
            activity.Beat(entity.Name);
        }
    }

    AgentView ToView(AgentEntity entity) => new(
        entity.Name,
        entity.Role,
        entity.Description,
        entity.Capabilities,
        entity.MaxConcurrency,
        entity.Location,
        entity.Location == AgentLocation.Ssh ? new SshTarget(entity.SshHost!, entity.SshPort ?? 22, entity.SshUser!, entity.SshPrivateKeyPath!) : null,
        activity.StatusOf(entity.Name, OfflineAfter),
        activity.Running(entity.Name),
        activity.LastHeartbeat(entity.Name),
        entity.BuiltIn,
        entity.CreatedAt,
        entity.UpdatedAt);

    static AgentEntity Validate(AgentRegistration registration, AgentEntity? existing)
    {
        var validator = new Validator();
        var name = registration.Name?.Trim() ?? string.Empty;
        validator.Require(NamePattern().IsMatch(name), "name",
            "Name is required: 1-63 lowercase letters, digits or '-', starting with a letter or digit.");
        var role = registration.Role?.Trim() ?? existing?.Role ?? string.Empty;
        validator.Require(NamePattern().IsMatch(role), "role",
            "Role is required: 1-63 lowercase letters, digits or '-' (for example 'devops-engineer').");
        var capabilities = registration.Capabilities?.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList()
            ?? existing?.Capabilities
            ?? AgentRoles.Find(role)?.Capabilities.ToList()
            ?? [Capabilities.Command, Capabilities.Files];
        foreach (var capability in capabilities.Where(c => !CapabilityPattern().IsMatch(c)))
        {
            validator.Add("capabilities", $"Capability '{capability}' is invalid: use lowercase letters, digits, '.', '_' or '-'.");
        }

        var maxConcurrency = registration.MaxConcurrency ?? existing?.MaxConcurrency ?? 1;
        validator.Require(maxConcurrency is >= 1 and <= 64, "maxConcurrency", "Max concurrency must be between 1 and 64.");
        var description = registration.Description ?? existing?.Description ?? AgentRoles.Find(role)?.Description ?? string.Empty;
        validator.Require(description.Length <= 2000, "description", "Description must be at most 2000 characters.");
        var location = registration.Location ?? (registration.Ssh is not null ? AgentLocation.Ssh : existing?.Location ?? AgentLocation.InProcess);
        var ssh = registration.Ssh ?? (existing?.Location == AgentLocation.Ssh
            ? new SshTarget(existing.SshHost!, existing.SshPort ?? 22, existing.SshUser!, existing.SshPrivateKeyPath!)
            : null);
        if (location == AgentLocation.Ssh)
        {
            if (ssh is null)
            {
                validator.Add("ssh", "An SSH agent needs ssh.host, ssh.user and ssh.privateKeyPath.");
            }
            else
            {
                validator.Require(!string.IsNullOrWhiteSpace(ssh.Host) && ssh.Host.Length <= 255 && !ssh.Host.StartsWith('-'), "ssh.host", "SSH host is required.");
                validator.Require(ssh.Port is >= 0 and <= 65535, "ssh.port", "SSH port must be between 1 and 65535 (0 or absent means 22).");
                validator.Require(!string.IsNullOrWhiteSpace(ssh.User) && ssh.User.Length <= 64, "ssh.user", "SSH user is required.");
                validator.Require(!string.IsNullOrWhiteSpace(ssh.PrivateKeyPath) && Path.IsPathFullyQualified(ssh.PrivateKeyPath), "ssh.privateKeyPath",
                    "SSH private key path is required and must be absolute (a file on the server).");
                validator.Require(string.IsNullOrWhiteSpace(ssh.PrivateKeyPath) || File.Exists(ssh.PrivateKeyPath), "ssh.privateKeyPath",
                    $"SSH private key file '{ssh.PrivateKeyPath}' does not exist on the server.");
            }
        }

        validator.ThrowIfInvalid();
        return new AgentEntity
        {
            Name = name,
            Role = role,
            Description = description,
            Capabilities = capabilities,
            MaxConcurrency = maxConcurrency,
            Location = location,
            SshHost = location == AgentLocation.Ssh ? ssh!.Host : null,
            SshPort = location == AgentLocation.Ssh ? (ssh!.Port == 0 ? 22 : ssh.Port) : null,
            SshUser = location == AgentLocation.Ssh ? ssh!.User : null,
            SshPrivateKeyPath = location == AgentLocation.Ssh ? ssh!.PrivateKeyPath : null,
            SystemPrompt = registration.SystemPrompt ?? existing?.SystemPrompt,
            BuiltIn = existing?.BuiltIn ?? false,
        };
    }
}
