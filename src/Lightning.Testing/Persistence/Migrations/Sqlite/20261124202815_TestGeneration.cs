using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Testing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TestGeneration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "test_generation_batches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    WorkspaceRoot = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    File = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Max = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    WrittenJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_generation_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_generation_candidates",
                columns: table => new
                {
                    BatchId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Function = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    ImportsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Passes = table.Column<int>(type: "INTEGER", nullable: true),
                    AddedLinesJson = table.Column<string>(type: "TEXT", nullable: true),
                    AddedBranches = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_generation_candidates", x => new { x.BatchId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_test_generation_candidates_test_generation_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "test_generation_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_test_generation_batches_Repository_Id",
                table: "test_generation_batches",
                columns: new[] { "Repository", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_generation_candidates");

            migrationBuilder.DropTable(
                name: "test_generation_batches");
        }
    }
}
