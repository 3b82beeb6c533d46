using Lightning.Core.Storage;
using Lightning.Testing.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Persistence;

/// <summary>
/// The testing module's tables: runs, their projects, one row per case, the compressed full results and each run's
/// event log. One model; <see cref="SqliteTestingDbContext"/> and <see cref="PostgresTestingDbContext"/> carry the migrations.
/// </summary>
public abstract class TestingDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Column sizes; longer values are cut to fit (<see cref="Fit"/>) so one odd test name cannot fail a run's recording.</summary>
    public const int MaxRepository = 1024;
    public const int MaxName = 2048;
    public const int MaxMessage = 4000;

    public DbSet<TestRunEntity> Runs => Set<TestRunEntity>();

    public DbSet<TestRunProjectEntity> Projects => Set<TestRunProjectEntity>();

    public DbSet<TestResultEntity> Results => Set<TestResultEntity>();

    public DbSet<TestRunDetailEntity> Details => Set<TestRunDetailEntity>();

    public DbSet<TestRunEventEntity> Events => Set<TestRunEventEntity>();

    public DbSet<TestCoverageEntity> Coverage => Set<TestCoverageEntity>();

    public DbSet<TestCoverageFileEntity> CoverageFiles => Set<TestCoverageFileEntity>();
    public DbSet<NotificationRuleEntity> NotificationRules => Set<NotificationRuleEntity>();

    public DbSet<NotificationDeliveryEntity> NotificationDeliveries => Set<NotificationDeliveryEntity>();
    public DbSet<Flaky.FlakyTestEntity> FlakyTests => Set<Flaky.FlakyTestEntity>();

    public DbSet<Flaky.QuarantineEntity> Quarantine => Set<Flaky.QuarantineEntity>();

    public DbSet<Flaky.OrderDependencyEntity> OrderDependencies => Set<Flaky.OrderDependencyEntity>();
    public DbSet<GenerationBatchEntity> GenerationBatches => Set<GenerationBatchEntity>();

    public DbSet<GeneratedTestEntity> GeneratedTests => Set<GeneratedTestEntity>();

    /// <summary><paramref name="value"/> cut to <paramref name="length"/> characters, with an ellipsis when cut.</summary>
    public static string? Fit(string? value, int length) =>
        value is null || value.Length <= length ? value : string.Concat(value.AsSpan(0, length - 1), "…");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<TestRunEntity>(run =>
        {
            run.ToTable("test_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).HasMaxLength(40);
            run.Property(r => r.Repository).HasMaxLength(MaxRepository);
            run.Property(r => r.Project).HasMaxLength(MaxRepository);
            run.Property(r => r.Framework).HasMaxLength(255);
            run.Property(r => r.Trigger).HasMaxLength(32);
            run.Property(r => r.RequestedBy).HasMaxLength(64);
            run.Property(r => r.CommitSha).HasMaxLength(64);
            run.Property(r => r.Branch).HasMaxLength(255);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.Error).HasMaxLength(MaxMessage);
            run.HasIndex(r => new { r.Repository, r.Id });
            run.HasIndex(r => r.Status);
        });

        modelBuilder.Entity<TestRunProjectEntity>(project =>
        {
            project.ToTable("test_run_projects");
            project.HasKey(p => new { p.RunId, p.Ordinal });
            project.Property(p => p.RunId).HasMaxLength(40);
            project.Property(p => p.Root).HasMaxLength(MaxRepository);
            project.Property(p => p.Framework).HasMaxLength(32);
            project.Property(p => p.Name).HasMaxLength(255);
            project.Property(p => p.Variant).HasMaxLength(32);
            project.Property(p => p.Error).HasMaxLength(MaxMessage);
            project.HasIndex(p => new { p.Framework, p.RunId });
            project.HasOne<TestRunEntity>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TestResultEntity>(result =>
        {
            result.ToTable("test_results");
            result.HasKey(r => r.Id);
            result.Property(r => r.RunId).HasMaxLength(40);
            result.Property(r => r.Repository).HasMaxLength(MaxRepository);
            result.Property(r => r.Project).HasMaxLength(MaxRepository);
            result.Property(r => r.Framework).HasMaxLength(32);
            result.Property(r => r.CaseId).HasMaxLength(MaxName);
            result.Property(r => r.Suite).HasMaxLength(MaxName);
            result.Property(r => r.Name).HasMaxLength(MaxName);
            result.Property(r => r.ClassName).HasMaxLength(MaxName);
            result.Property(r => r.File).HasMaxLength(MaxRepository);
            result.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
            result.Property(r => r.FailureMessage).HasMaxLength(MaxMessage);
            result.Property(r => r.FailureType).HasMaxLength(255);
            result.HasIndex(r => r.RunId);
            result.HasIndex(r => new { r.CaseId, r.RunAt });
            result.HasIndex(r => new { r.Repository, r.RunAt });
            result.HasOne<TestRunEntity>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TestRunDetailEntity>(detail =>
        {
            detail.ToTable("test_run_details");
            detail.HasKey(d => d.RunId);
            detail.Property(d => d.RunId).HasMaxLength(40);
            detail.HasOne<TestRunEntity>().WithOne().HasForeignKey<TestRunDetailEntity>(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TestRunEventEntity>(runEvent =>
        {
            runEvent.ToTable("test_run_events");
            runEvent.HasKey(e => new { e.RunId, e.Sequence });
            runEvent.Property(e => e.RunId).HasMaxLength(40);
            runEvent.Property(e => e.Type).HasMaxLength(32);
            runEvent.Property(e => e.Project).HasMaxLength(MaxRepository);
            runEvent.HasOne<TestRunEntity>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TestCoverageEntity>(coverage =>
        {
            coverage.ToTable("test_coverage");
            coverage.HasKey(c => c.RunId);
            coverage.Property(c => c.RunId).HasMaxLength(40);
            coverage.Property(c => c.Repository).HasMaxLength(MaxRepository);
            coverage.Property(c => c.CommitSha).HasMaxLength(64);
            coverage.Property(c => c.Branch).HasMaxLength(255);
            coverage.Property(c => c.RootDirectory).HasMaxLength(4096);
            coverage.HasIndex(c => new { c.Repository, c.RecordedAt });
            coverage.HasOne<TestRunEntity>().WithOne().HasForeignKey<TestCoverageEntity>(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TestCoverageFileEntity>(file =>
        {
            file.ToTable("test_coverage_files");
            file.HasKey(f => new { f.RunId, f.Path });
            file.Property(f => f.RunId).HasMaxLength(40);
            file.Property(f => f.Path).HasMaxLength(MaxRepository);
            file.HasOne<TestCoverageEntity>().WithMany().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        NotificationModel.Configure(modelBuilder);
        Flaky.FlakyModel.Configure(modelBuilder);
        modelBuilder.Entity<GenerationBatchEntity>(batch =>
        {
            batch.ToTable("test_generation_batches");
            batch.HasKey(b => b.Id);
            batch.Property(b => b.Id).HasMaxLength(40);
            batch.Property(b => b.Repository).HasMaxLength(MaxRepository);
            batch.Property(b => b.WorkspaceRoot).HasMaxLength(MaxRepository);
            batch.Property(b => b.Path).HasMaxLength(MaxRepository);
            batch.Property(b => b.File).HasMaxLength(MaxRepository);
            batch.Property(b => b.Language).HasMaxLength(32);
            batch.Property(b => b.RequestedBy).HasMaxLength(64);
            batch.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
            batch.Property(b => b.Error).HasMaxLength(MaxMessage);
            batch.HasIndex(b => new { b.Repository, b.Id });
        });

        modelBuilder.Entity<GeneratedTestEntity>(test =>
        {
            test.ToTable("test_generation_candidates");
            test.HasKey(t => new { t.BatchId, t.Ordinal });
            test.Property(t => t.BatchId).HasMaxLength(40);
            test.Property(t => t.CandidateId).HasMaxLength(32);
            test.Property(t => t.Target).HasMaxLength(MaxRepository);
            test.Property(t => t.Function).HasMaxLength(MaxName);
            test.Property(t => t.Name).HasMaxLength(MaxName);
            test.Property(t => t.Origin).HasConversion<string>().HasMaxLength(32);
            test.Property(t => t.Status).HasConversion<string>().HasMaxLength(32);
            test.Property(t => t.Reason).HasMaxLength(MaxMessage);
            test.HasOne<GenerationBatchEntity>().WithMany().HasForeignKey(t => t.BatchId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.StoreTimestampsPortably(Database);
    }
}

public sealed class SqliteTestingDbContext(DbContextOptions<SqliteTestingDbContext> options) : TestingDbContext(options);

public sealed class PostgresTestingDbContext(DbContextOptions<PostgresTestingDbContext> options) : TestingDbContext(options);
