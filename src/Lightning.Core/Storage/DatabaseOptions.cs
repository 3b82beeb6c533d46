namespace Lightning.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The platform database: SQLite in the data directory unless PostgreSQL is configured.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means <c>lightning.db</c> in the data directory; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}
