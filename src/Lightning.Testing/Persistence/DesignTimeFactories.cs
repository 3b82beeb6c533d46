using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lightning.Testing.Persistence;

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteTestingDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTestingDbContext>
{
    public SqliteTestingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTestingDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresTestingDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTestingDbContext>
{
    public PostgresTestingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTestingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
