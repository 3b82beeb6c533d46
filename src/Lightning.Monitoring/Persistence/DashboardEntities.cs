using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lightning.Monitoring.Persistence;

/// <summary>A saved dashboard: its definition (variables, panels and their queries) as JSON; name and version as columns.</summary>
public sealed class DashboardEntity
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Definition { get; set; } = "{}";
    /// <summary>Starts at 1 and grows by one per update: the ETag that <c>If-Match</c> must name.</summary>
    public int Version { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class DashboardEntityConfiguration : IEntityTypeConfiguration<DashboardEntity>
{
    public void Configure(EntityTypeBuilder<DashboardEntity> dashboard)
    {
        dashboard.ToTable("monitoring_dashboards");
        dashboard.HasKey(d => d.Id);
        dashboard.Property(d => d.Id).HasMaxLength(40);
        dashboard.Property(d => d.Name).HasMaxLength(MonitoringDbContext.MaxName);
        dashboard.Property(d => d.CreatedBy).HasMaxLength(64);
        dashboard.HasIndex(d => d.Name);
    }
}
