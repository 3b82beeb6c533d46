using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Npgsql;

namespace Lightning.Core.Storage;

/// <summary>
/// Checks the settings of a module that keeps its own tables in PostgreSQL (the collaboration log, the bus's publish
/// claims) and opens its data source: a schema name safe to quote into DDL, a connection string that parses. The errors
/// never quote the connection string (it may hold a password).
/// </summary>
public static partial class PostgresModuleDatabase
{
    /// <param name="code">The error codes' prefix, e.g. <c>collaboration.store</c>: <c>{code}_schema_invalid</c>, <c>{code}_connection_string_invalid</c>.</param>
    /// <param name="what">What the database is for, in messages, e.g. "the collaboration log".</param>
    /// <returns>The data source, and where it points (host:port/database) for messages.</returns>
    public static (NpgsqlDataSource DataSource, string Location) Open(string connectionString, string schema, string code, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        if (!SchemaName().IsMatch(schema))
        {
            throw new LightningException(ErrorKind.Invalid, code + "_schema_invalid",
                $"'{schema}' is not a valid schema name for {what}: use lower-case letters, digits and '_', starting with a letter or '_'.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The parser's message may quote the string; ours never does.
            throw new LightningException(ErrorKind.Invalid, code + "_connection_string_invalid",
                $"The PostgreSQL connection string of {what} is not valid.", ex);
        }

        return (NpgsqlDataSource.Create(builder), $"{builder.Host}:{builder.Port}/{builder.Database}");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
