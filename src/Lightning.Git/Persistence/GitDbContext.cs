using Lightning.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Git.Persistence;

/// <summary>The git module's tables. One model; <see cref="SqliteGitDbContext"/> and <see cref="PostgresGitDbContext"/> carry the migrations.</summary>
public abstract class GitDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<RepositoryEntity> Repositories => Set<RepositoryEntity>();

    public DbSet<HostingConnectionEntity> Connections => Set<HostingConnectionEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<RepositoryEntity>(repository =>
        {
            repository.ToTable("git_repositories");
            repository.HasKey(r => r.Name);
            repository.Property(r => r.Name).HasMaxLength(64);
            repository.Property(r => r.Path).HasMaxLength(1024);
            repository.Property(r => r.CloneUrl).HasMaxLength(2048);
            repository.Property(r => r.Connection).HasMaxLength(64);
            repository.Property(r => r.HostedRepository).HasMaxLength(255);
            repository.Property(r => r.CreatedBy).HasMaxLength(64);
        });

        modelBuilder.Entity<HostingConnectionEntity>(connection =>
        {
            connection.ToTable("git_connections");
            connection.HasKey(c => c.Name);
            connection.Property(c => c.Name).HasMaxLength(64);
            connection.Property(c => c.Provider).HasMaxLength(16);
            connection.Property(c => c.BaseUrl).HasMaxLength(1024);
            connection.Property(c => c.ProtectedToken).HasMaxLength(4096);
            connection.Property(c => c.ProtectedWebhookSecret).HasMaxLength(4096);
            connection.Property(c => c.CreatedBy).HasMaxLength(64);
            connection.Property(c => c.UpdatedBy).HasMaxLength(64);
        });

        modelBuilder.StoreTimestampsPortably(Database);
    }
}

public sealed class SqliteGitDbContext(DbContextOptions<SqliteGitDbContext> options) : GitDbContext(options);

public sealed class PostgresGitDbContext(DbContextOptions<PostgresGitDbContext> options) : GitDbContext(options);
