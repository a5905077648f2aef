using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Targets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "target_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    target_key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    metric_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    metric_version = table.Column<int>(type: "integer", nullable: false),
                    metric_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    baseline_grain = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    baseline_start = table.Column<DateOnly>(type: "date", nullable: false),
                    baseline_end = table.Column<DateOnly>(type: "date", nullable: false),
                    goal_kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    goal_value = table.Column<double>(type: "double precision", nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    author_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    author_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    change_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    approver_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    approver_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    approved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    approval_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_target_versions", x => x.id);
                    table.ForeignKey(
                        name: "FK_target_versions_org_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_target_versions_target_key_number",
                table: "target_versions",
                columns: new[] { "target_key", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_target_versions_unit_id",
                table: "target_versions",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "target_versions");
        }
    }
}
