using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Flaky;

/// <summary>The flaky-test tables of <see cref="Persistence.TestingDbContext"/>.</summary>
internal static class FlakyModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FlakyTestEntity>(flaky =>
        {
            flaky.ToTable("test_flaky_tests");
            flaky.HasKey(f => new { f.Repository, f.CaseId });
            flaky.Property(f => f.Repository).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            flaky.Property(f => f.CaseId).HasMaxLength(Persistence.TestingDbContext.MaxName);
            flaky.Property(f => f.Project).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            flaky.Property(f => f.Framework).HasMaxLength(32);
            flaky.Property(f => f.File).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            flaky.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
            flaky.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
            flaky.HasIndex(f => new { f.Repository, f.Status });
        });

        modelBuilder.Entity<QuarantineEntity>(quarantine =>
        {
            quarantine.ToTable("test_quarantine");
            quarantine.HasKey(q => new { q.Repository, q.CaseId });
            quarantine.Property(q => q.Repository).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            quarantine.Property(q => q.CaseId).HasMaxLength(Persistence.TestingDbContext.MaxName);
            quarantine.Property(q => q.Reason).HasMaxLength(Persistence.TestingDbContext.MaxMessage);
            quarantine.Property(q => q.QuarantinedBy).HasMaxLength(64);
        });

        modelBuilder.Entity<OrderDependencyEntity>(dependency =>
        {
            dependency.ToTable("test_order_dependencies");
            dependency.HasKey(d => new { d.Repository, d.CaseId, d.AfterCaseId });
            dependency.Property(d => d.Repository).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            dependency.Property(d => d.CaseId).HasMaxLength(Persistence.TestingDbContext.MaxName);
            dependency.Property(d => d.AfterCaseId).HasMaxLength(Persistence.TestingDbContext.MaxName);
            dependency.Property(d => d.Project).HasMaxLength(Persistence.TestingDbContext.MaxRepository);
            dependency.Property(d => d.Evidence).HasMaxLength(Persistence.TestingDbContext.MaxMessage);
        });
    }
}
