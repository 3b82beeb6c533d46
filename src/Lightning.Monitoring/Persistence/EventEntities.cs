using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lightning.Monitoring.Persistence;

/// <summary>
/// A platform event the monitoring module stores itself: posted by CI/CD (a deployment, a rollback) or recorded when
/// the platform's own configuration changes (alert rules, channels, routing, silences, API keys).
/// </summary>
public sealed class PlatformEventEntity
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Who recorded it: <c>api</c> (posted), <c>alerts</c>, <c>keys</c>.</summary>
    public string Source { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Labels { get; set; } = "{}";
    public string? Text { get; set; }
    public string? By { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class PlatformEventEntityConfiguration : IEntityTypeConfiguration<PlatformEventEntity>
{
    public void Configure(EntityTypeBuilder<PlatformEventEntity> builder)
    {
        builder.ToTable("monitoring_platform_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Source).HasMaxLength(32);
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.Title).HasMaxLength(MonitoringDbContext.MaxName);
        builder.Property(e => e.Text).HasMaxLength(MonitoringDbContext.MaxMessage);
        builder.Property(e => e.By).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Kind, e.At });
    }
}
