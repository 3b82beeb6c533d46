using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lightning.Testing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "test_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Repository = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Project = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Framework = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    TestsJson = table.Column<string>(type: "text", nullable: true),
                    Retries = table.Column<int>(type: "integer", nullable: false),
                    TimeoutSeconds = table.Column<int>(type: "integer", nullable: true),
                    Trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CommitSha = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Branch = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Passed = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    Errored = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false),
                    Flaky = table.Column<int>(type: "integer", nullable: false),
                    SuiteErrors = table.Column<int>(type: "integer", nullable: false),
                    TestDurationMs = table.Column<double>(type: "double precision", nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Repository = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Project = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Framework = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Suite = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Name = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    ClassName = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    File = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Line = table.Column<int>(type: "integer", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DurationMs = table.Column<double>(type: "double precision", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    FailureMessage = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FailureType = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    RunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_test_results_test_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "test_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_run_details",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_run_details", x => x.RunId);
                    table.ForeignKey(
                        name: "FK_test_run_details_test_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "test_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_run_events",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Project = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_run_events", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_test_run_events_test_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "test_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_run_projects",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Root = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Framework = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Variant = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    TimedOut = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Passed = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    Errored = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false),
                    Flaky = table.Column<int>(type: "integer", nullable: false),
                    SuiteErrors = table.Column<int>(type: "integer", nullable: false),
                    TestDurationMs = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_run_projects", x => new { x.RunId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_test_run_projects_test_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "test_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_test_results_CaseId_RunAt",
                table: "test_results",
                columns: new[] { "CaseId", "RunAt" });

            migrationBuilder.CreateIndex(
                name: "IX_test_results_Repository_RunAt",
                table: "test_results",
                columns: new[] { "Repository", "RunAt" });

            migrationBuilder.CreateIndex(
                name: "IX_test_results_RunId",
                table: "test_results",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_test_run_projects_Framework_RunId",
                table: "test_run_projects",
                columns: new[] { "Framework", "RunId" });

            migrationBuilder.CreateIndex(
                name: "IX_test_runs_Repository_Id",
                table: "test_runs",
                columns: new[] { "Repository", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_test_runs_Status",
                table: "test_runs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_results");

            migrationBuilder.DropTable(
                name: "test_run_details");

            migrationBuilder.DropTable(
                name: "test_run_events");

            migrationBuilder.DropTable(
                name: "test_run_projects");

            migrationBuilder.DropTable(
                name: "test_runs");
        }
    }
}
