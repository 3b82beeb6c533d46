using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lightning.Git.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConnectionUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "git_connections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "git_connections",
                type: "character varying(64)",
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
