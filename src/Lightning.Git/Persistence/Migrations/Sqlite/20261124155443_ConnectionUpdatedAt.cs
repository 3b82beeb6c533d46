using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Git.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConnectionUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "git_connections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "git_connections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "git_connections");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "git_connections");
        }
    }
}
