using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lightning.Agents.Persistence;

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteAgentsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAgentsDbContext>
{
    public SqliteAgentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAgentsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresAgentsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAgentsDbContext>
{
    public PostgresAgentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAgentsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
