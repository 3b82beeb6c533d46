using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Agents.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "actions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Agent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RequestJson = table.Column<string>(type: "text", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Output = table.Column<string>(type: "text", nullable: false),
                    OutputTruncated = table.Column<bool>(type: "boolean", nullable: false),
                    OutputStreams = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_actions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Capabilities = table.Column<string>(type: "text", nullable: false),
                    MaxConcurrency = table.Column<int>(type: "integer", nullable: false),
                    Location = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SshHost = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    SshPort = table.Column<int>(type: "integer", nullable: true),
                    SshUser = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SshPrivateKeyPath = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    SystemPrompt = table.Column<string>(type: "text", nullable: true),
                    BuiltIn = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_actions_Agent_CreatedAt",
                table: "actions",
                columns: new[] { "Agent", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_actions_CreatedAt",
                table: "actions",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_actions_Status",
                table: "actions",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "actions");

            migrationBuilder.DropTable(
                name: "agents");
        }
    }
}
