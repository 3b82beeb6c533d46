using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Notifications;

/// <summary>The notification tables, configured here so <see cref="TestingDbContext"/> needs one line for them.</summary>
internal static class NotificationModel
{
    public const int MaxName = 100;
    public const int MaxUrl = 2048;
    public const int MaxRecipients = 2048;

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NotificationRuleEntity>(rule =>
        {
            rule.ToTable("test_notification_rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Id).HasMaxLength(40);
            rule.Property(r => r.Name).HasMaxLength(MaxName);
            rule.HasIndex(r => r.Name).IsUnique();
            rule.Property(r => r.Repository).HasMaxLength(TestingDbContext.MaxRepository);
            rule.Property(r => r.Events).HasMaxLength(128);
            rule.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            rule.Property(r => r.Url).HasMaxLength(MaxUrl);
            rule.Property(r => r.ProtectedSecret).HasMaxLength(1024);
            rule.Property(r => r.Recipients).HasMaxLength(MaxRecipients);
            rule.Property(r => r.CreatedBy).HasMaxLength(64);
        });

        modelBuilder.Entity<NotificationDeliveryEntity>(delivery =>
        {
            delivery.ToTable("test_notification_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(40);
            delivery.Property(d => d.RuleId).HasMaxLength(40);
            delivery.Property(d => d.RuleName).HasMaxLength(MaxName);
            delivery.Property(d => d.RunId).HasMaxLength(40);
            delivery.Property(d => d.Events).HasMaxLength(128);
            delivery.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Target).HasMaxLength(MaxRecipients);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Error).HasMaxLength(TestingDbContext.MaxMessage);
            delivery.HasIndex(d => new { d.RuleId, d.Id });
            delivery.HasIndex(d => d.RunId);
            delivery.HasOne<TestRunEntity>().WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
