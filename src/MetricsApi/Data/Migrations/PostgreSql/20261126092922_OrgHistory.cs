using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OrgHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships");

            migrationBuilder.AddColumn<DateTime>(
                name: "recorded_at",
                table: "memberships",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "superseded_at",
                table: "memberships",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "org_unit_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    superseded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_unit_versions", x => x.id);
                    table.ForeignKey(
                        name: "FK_org_unit_versions_org_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships",
                columns: new[] { "person_key", "team_id", "valid_from" },
                unique: true,
                filter: "superseded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_memberships_recorded_at",
                table: "memberships",
                column: "recorded_at");

            migrationBuilder.CreateIndex(
                name: "IX_memberships_superseded_at",
                table: "memberships",
                column: "superseded_at");

            migrationBuilder.CreateIndex(
                name: "IX_org_unit_versions_recorded_at",
                table: "org_unit_versions",
                column: "recorded_at");

            migrationBuilder.CreateIndex(
                name: "IX_org_unit_versions_superseded_at",
                table: "org_unit_versions",
                column: "superseded_at");

            migrationBuilder.CreateIndex(
                name: "IX_org_unit_versions_unit_id_valid_from",
                table: "org_unit_versions",
                columns: new[] { "unit_id", "valid_from" });

            // Units that exist already have been what they are since always, recorded long ago.
            migrationBuilder.Sql("INSERT INTO org_unit_versions (unit_id, valid_from, valid_to, name, kind, parent_id, recorded_at, superseded_at, source) " +
                "SELECT id, '0001-01-01', NULL, name, kind, parent_id, '0001-01-01 00:00:00', NULL, source FROM org_units");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "org_unit_versions");

            migrationBuilder.DropIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships");

            migrationBuilder.DropIndex(
                name: "IX_memberships_recorded_at",
                table: "memberships");

            migrationBuilder.DropIndex(
                name: "IX_memberships_superseded_at",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "recorded_at",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "superseded_at",
                table: "memberships");

            migrationBuilder.CreateIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships",
                columns: new[] { "person_key", "team_id", "valid_from" },
                unique: true);
        }
    }
}
