using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Monitoring.Persistence.Migrations.Postgres
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
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FirstSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSent = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSignature = table.Column<string>(type: "text", nullable: false),
                    Announced = table.Column<string>(type: "text", nullable: false)
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
