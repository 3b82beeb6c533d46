using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lightning.Core.Storage;

public static class ModelBuilderExtensions
{
    /// <summary>
    /// SQLite cannot order or compare <see cref="DateTimeOffset"/>; store it as UTC ticks there so history queries
    /// stay in SQL. PostgreSQL keeps its native <c>timestamptz</c>.
    /// </summary>
    public static ModelBuilder StoreTimestampsPortably(this ModelBuilder modelBuilder, DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(database);
        if (!database.IsSqlite())
        {
            return modelBuilder;
        }

        var required = new ValueConverter<DateTimeOffset, long>(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
        var optional = new ValueConverter<DateTimeOffset?, long?>(
            value => value.HasValue ? value.Value.UtcTicks : null,
            ticks => ticks.HasValue ? new DateTimeOffset(ticks.Value, TimeSpan.Zero) : null);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(required);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(optional);
                }
            }
        }

        return modelBuilder;
    }
}
