using System.Data.Common;
using Lightning.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lightning.Core.Storage;

/// <summary>
/// One EF Core model per module, two providers: a module declares its context once and a SQLite and a PostgreSQL
/// subclass that carry their own migrations. This picks the configured one.
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddLightningDbContext<TContext, TSqlite, TPostgres>(this IServiceCollection services)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        services.AddDbContextFactory<TSqlite>((provider, builder) =>
            builder.UseSqlite(SqliteConnectionString(provider.GetRequiredService<IOptions<LightningOptions>>().Value))
                .AddInterceptors(provider.GetServices<IInterceptor>()));
        services.AddDbContextFactory<TPostgres>((provider, builder) =>
            builder.UseNpgsql(PostgresConnectionString(provider.GetRequiredService<IOptions<LightningOptions>>().Value))
                .AddInterceptors(provider.GetServices<IInterceptor>()));
        services.AddSingleton<IDbContextFactory<TContext>>(provider =>
            provider.GetRequiredService<IOptions<LightningOptions>>().Value.Database.Provider == DatabaseProvider.Postgres
                ? new Upcast<TContext, TPostgres>(provider.GetRequiredService<IDbContextFactory<TPostgres>>())
                : new Upcast<TContext, TSqlite>(provider.GetRequiredService<IDbContextFactory<TSqlite>>()));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        return services;
    }

    public static string SqliteConnectionString(LightningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            return options.Database.ConnectionString;
        }

        Directory.CreateDirectory(options.DataPath());
        return $"Data Source={options.DataPath("lightning.db")};Pooling=True;Default Timeout=30";
    }

    public static string PostgresConnectionString(LightningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Database.ConnectionString)
            ? throw new LightningException(ErrorKind.Invalid, "database.connection_string_missing",
                "Lightning:Database:ConnectionString is required when Lightning:Database:Provider is Postgres.")
            : options.Database.ConnectionString;
    }

    /// <summary>Applies a context's migrations, turning an unreachable database into one clear message.</summary>
    public static async Task MigrateAsync<TContext>(IDbContextFactory<TContext> factory, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var context = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            if (context.Database.IsSqlite())
            {
                // WAL lets the dashboard read while actions write; the setting is stored in the file.
                await context.Database.OpenConnectionAsync(cancellationToken);
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await context.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new LightningException(ErrorKind.Unavailable, "database.unavailable",
                $"Cannot open the {ProviderName(context)} database at {Describe(context)}: {ex.GetBaseException().Message}", ex);
        }
    }

    static string ProviderName(DbContext context) => context.Database.IsNpgsql() ? "PostgreSQL" : "SQLite";

    /// <summary>Where the database is, without the password.</summary>
    static string Describe(DbContext context)
    {
        var connectionString = context.Database.GetConnectionString() ?? string.Empty;
        if (context.Database.IsNpgsql())
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }

        return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    sealed class Upcast<TContext, TConcrete>(IDbContextFactory<TConcrete> inner) : IDbContextFactory<TContext>
        where TContext : DbContext
        where TConcrete : TContext
    {
        public TContext CreateDbContext() => inner.CreateDbContext();
    }
}
