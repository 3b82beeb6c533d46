using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lightning.Agents.Persistence;

/// <summary>The agents module's tables. One model; <see cref="SqliteAgentsDbContext"/> and <see cref="PostgresAgentsDbContext"/> carry the migrations.</summary>
public abstract class AgentsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AgentEntity> Agents => Set<AgentEntity>();

    public DbSet<ActionEntity> Actions => Set<ActionEntity>();

    public DbSet<SeededRoleEntity> SeededRoles => Set<SeededRoleEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var capabilities = new ValueConverter<List<string>, string>(
            list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
            json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>());
        var capabilitiesComparer = new ValueComparer<List<string>>(
            (a, b) => a!.SequenceEqual(b!),
            list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
            list => list.ToList());

        modelBuilder.Entity<AgentEntity>(agent =>
        {
            agent.ToTable("agents");
            agent.HasKey(a => a.Name);
            agent.Property(a => a.Name).HasMaxLength(64);
            agent.Property(a => a.Role).HasMaxLength(64);
            agent.Property(a => a.Description).HasMaxLength(2000);
            agent.Property(a => a.Capabilities).HasConversion(capabilities, capabilitiesComparer);
            agent.Property(a => a.Location).HasConversion<string>().HasMaxLength(16);
            agent.Property(a => a.SshHost).HasMaxLength(255);
            agent.Property(a => a.SshUser).HasMaxLength(64);
            agent.Property(a => a.SshPrivateKeyPath).HasMaxLength(1024);
        });

        modelBuilder.Entity<ActionEntity>(action =>
        {
            action.ToTable("actions");
            action.HasKey(a => a.Id);
            action.Property(a => a.Id).HasMaxLength(40);
            action.Property(a => a.Agent).HasMaxLength(64);
            action.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            action.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            action.Property(a => a.Summary).HasMaxLength(500);
            action.Property(a => a.RequestedBy).HasMaxLength(64);
            action.HasIndex(a => new { a.Agent, a.CreatedAt });
            action.HasIndex(a => a.CreatedAt);
            action.HasIndex(a => a.Status);
        });

        modelBuilder.Entity<SeededRoleEntity>(seeded =>
        {
            seeded.ToTable("seeded_roles");
            seeded.HasKey(s => s.Role);
            seeded.Property(s => s.Role).HasMaxLength(64);
        });

        modelBuilder.StoreTimestampsPortably(Database);
    }
}

public sealed class SqliteAgentsDbContext(DbContextOptions<SqliteAgentsDbContext> options) : AgentsDbContext(options);

public sealed class PostgresAgentsDbContext(DbContextOptions<PostgresAgentsDbContext> options) : AgentsDbContext(options);
