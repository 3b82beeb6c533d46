using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lightning.Monitoring.Persistence;

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteMonitoringDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMonitoringDbContext>
{
    public SqliteMonitoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMonitoringDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresMonitoringDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMonitoringDbContext>
{
    public PostgresMonitoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMonitoringDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
