using Lightning.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Persistence;

/// <summary>
/// The monitoring module's platform tables (metrics themselves live in the metric store): alert rules, alerts, their
/// history, silences, channels, the routing settings and the notification groups' log. <see cref="SqliteMonitoringDbContext"/> and
/// <see cref="PostgresMonitoringDbContext"/> carry the migrations.
/// </summary>
public abstract class MonitoringDbContext(DbContextOptions options) : DbContext(options)
{
    public const int MaxName = 255;
    public const int MaxMessage = 4000;

    public DbSet<AlertRuleEntity> AlertRules => Set<AlertRuleEntity>();
    public DbSet<AlertEntity> Alerts => Set<AlertEntity>();
    public DbSet<AlertEventEntity> AlertEvents => Set<AlertEventEntity>();
    public DbSet<SilenceEntity> Silences => Set<SilenceEntity>();
    public DbSet<AlertChannelEntity> AlertChannels => Set<AlertChannelEntity>();
    public DbSet<AlertSettingEntity> AlertSettings => Set<AlertSettingEntity>();
    public DbSet<NotificationGroupEntity> NotificationGroups => Set<NotificationGroupEntity>();
    public DbSet<DashboardEntity> Dashboards => Set<DashboardEntity>();
    public DbSet<PlatformEventEntity> PlatformEvents => Set<PlatformEventEntity>();

    /// <summary><paramref name="value"/> cut to <paramref name="length"/> characters, with an ellipsis when cut.</summary>
    public static string? Fit(string? value, int length) =>
        value is null || value.Length <= length ? value : string.Concat(value.AsSpan(0, length - 1), "…");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AlertRuleEntity>(rule =>
        {
            rule.ToTable("monitoring_alert_rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Id).HasMaxLength(40);
            rule.Property(r => r.Name).HasMaxLength(MaxName);
            rule.Property(r => r.CreatedBy).HasMaxLength(64);
            rule.HasIndex(r => r.Name).IsUnique();
        });

        modelBuilder.Entity<AlertEntity>(alert =>
        {
            alert.ToTable("monitoring_alerts");
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Id).HasMaxLength(40);
            alert.Property(a => a.RuleId).HasMaxLength(40);
            alert.Property(a => a.RuleName).HasMaxLength(MaxName);
            alert.Property(a => a.Fingerprint).HasMaxLength(64);
            alert.Property(a => a.State).HasMaxLength(16);
            alert.Property(a => a.AcknowledgedBy).HasMaxLength(64);
            alert.Property(a => a.AcknowledgeComment).HasMaxLength(MaxMessage);
            alert.HasIndex(a => new { a.RuleId, a.State });
            alert.HasIndex(a => new { a.State, a.Id });
            alert.HasIndex(a => a.Fingerprint);
        });

        modelBuilder.Entity<AlertEventEntity>(e =>
        {
            e.ToTable("monitoring_alert_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.AlertId).HasMaxLength(40);
            e.Property(x => x.RuleId).HasMaxLength(40);
            e.Property(x => x.Type).HasMaxLength(32);
            e.Property(x => x.FromState).HasMaxLength(16);
            e.Property(x => x.ToState).HasMaxLength(16);
            e.Property(x => x.Channel).HasMaxLength(40);
            e.Property(x => x.By).HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(MaxMessage);
            e.HasIndex(x => new { x.AlertId, x.Id });
            e.HasIndex(x => new { x.RuleId, x.Id });
            e.HasIndex(x => x.At);
        });

        modelBuilder.Entity<SilenceEntity>(silence =>
        {
            silence.ToTable("monitoring_silences");
            silence.HasKey(s => s.Id);
            silence.Property(s => s.Id).HasMaxLength(40);
            silence.Property(s => s.CreatedBy).HasMaxLength(64);
            silence.Property(s => s.Comment).HasMaxLength(MaxMessage);
            silence.HasIndex(s => s.EndsAt);
        });

        modelBuilder.Entity<AlertChannelEntity>(channel =>
        {
            channel.ToTable("monitoring_alert_channels");
            channel.HasKey(c => c.Id);
            channel.Property(c => c.Id).HasMaxLength(40);
            channel.Property(c => c.Name).HasMaxLength(MaxName);
            channel.Property(c => c.Type).HasMaxLength(16);
            channel.HasIndex(c => c.Name).IsUnique();
        });

        modelBuilder.Entity<AlertSettingEntity>(setting =>
        {
            setting.ToTable("monitoring_alert_settings");
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(64);
        });

        modelBuilder.Entity<NotificationGroupEntity>(group =>
        {
            group.ToTable("monitoring_notification_groups");
            group.HasKey(g => g.Id);
            group.Property(g => g.Id).HasMaxLength(64);
        });

        modelBuilder.ApplyConfiguration(new DashboardEntityConfiguration());
        modelBuilder.ApplyConfiguration(new PlatformEventEntityConfiguration());
        modelBuilder.StoreTimestampsPortably(Database);
    }
}

public sealed class SqliteMonitoringDbContext(DbContextOptions<SqliteMonitoringDbContext> options) : MonitoringDbContext(options);

public sealed class PostgresMonitoringDbContext(DbContextOptions<PostgresMonitoringDbContext> options) : MonitoringDbContext(options);
