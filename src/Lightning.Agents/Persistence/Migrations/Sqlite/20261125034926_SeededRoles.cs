using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Agents.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeededRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "seeded_roles",
                columns: table => new
                {
                    Role = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SeededAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seeded_roles", x => x.Role);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "seeded_roles");
        }
    }
}
