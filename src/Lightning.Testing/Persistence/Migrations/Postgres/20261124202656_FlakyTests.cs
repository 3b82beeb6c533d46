using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Testing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FlakyTests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "QuarantinedFailures",
                table: "test_runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Quarantined",
                table: "test_results",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "test_flaky_tests",
                columns: table => new
                {
                    Repository = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Project = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Framework = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    File = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    Runs = table.Column<int>(type: "integer", nullable: false),
                    EvidenceJson = table.Column<string>(type: "text", nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_flaky_tests", x => new { x.Repository, x.CaseId });
                });

            migrationBuilder.CreateTable(
                name: "test_order_dependencies",
                columns: table => new
                {
                    Repository = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    AfterCaseId = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Project = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_order_dependencies", x => new { x.Repository, x.CaseId, x.AfterCaseId });
                });

            migrationBuilder.CreateTable(
                name: "test_quarantine",
                columns: table => new
                {
                    Repository = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    QuarantinedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QuarantinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_quarantine", x => new { x.Repository, x.CaseId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_test_flaky_tests_Repository_Status",
                table: "test_flaky_tests",
                columns: new[] { "Repository", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_flaky_tests");

            migrationBuilder.DropTable(
                name: "test_order_dependencies");

            migrationBuilder.DropTable(
                name: "test_quarantine");

            migrationBuilder.DropColumn(
                name: "QuarantinedFailures",
                table: "test_runs");

            migrationBuilder.DropColumn(
                name: "Quarantined",
                table: "test_results");
        }
    }
}
