using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lightning.Git.Persistence;

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteGitDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGitDbContext>
{
    public SqliteGitDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGitDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresGitDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGitDbContext>
{
    public PostgresGitDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGitDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
