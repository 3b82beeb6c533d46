using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Testing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RunCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "test_coverage",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    CommitSha = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Branch = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    RootDirectory = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinesCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchesCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    FunctionsCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    FunctionsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    GoalsJson = table.Column<string>(type: "TEXT", nullable: true),
                    UnavailableJson = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Length = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_coverage", x => x.RunId);
                    table.ForeignKey(
                        name: "FK_test_coverage_test_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "test_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_coverage_files",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    LinesCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchesCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    BranchesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    FunctionsCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    FunctionsTotal = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_coverage_files", x => new { x.RunId, x.Path });
                    table.ForeignKey(
                        name: "FK_test_coverage_files_test_coverage_RunId",
                        column: x => x.RunId,
                        principalTable: "test_coverage",
                        principalColumn: "RunId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_test_coverage_Repository_RecordedAt",
                table: "test_coverage",
                columns: new[] { "Repository", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_coverage_files");

            migrationBuilder.DropTable(
                name: "test_coverage");
        }
    }
}
