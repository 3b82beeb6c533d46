using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Monitoring.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitoring_notification_groups",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FirstSeen = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSent = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSignature = table.Column<string>(type: "TEXT", nullable: false),
                    Announced = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_notification_groups", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monitoring_notification_groups");
        }
    }
}
