using Lightning.Core.Storage;
using Lightning.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lightning.Server.Persistence;

/// <summary>The server's own tables: API keys.</summary>
public abstract class ServerDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ApiKeyEntity>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(64);
            key.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
            key.Property(k => k.CreatedBy).HasMaxLength(64);
            key.HasIndex(k => k.Name);
        });
        modelBuilder.StoreTimestampsPortably(Database);
    }
}

public sealed class SqliteServerDbContext(DbContextOptions<SqliteServerDbContext> options) : ServerDbContext(options);

public sealed class PostgresServerDbContext(DbContextOptions<PostgresServerDbContext> options) : ServerDbContext(options);

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteServerDesignTimeFactory : IDesignTimeDbContextFactory<SqliteServerDbContext>
{
    public SqliteServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteServerDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresServerDesignTimeFactory : IDesignTimeDbContextFactory<PostgresServerDbContext>
{
    public PostgresServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresServerDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
