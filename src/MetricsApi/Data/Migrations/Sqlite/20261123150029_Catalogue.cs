using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Catalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    metric_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    steward = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    allowed_purposes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    min_group_size = table.Column<int>(type: "INTEGER", nullable: false),
                    guardrails = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    grains = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    dimensions = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    definition = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    author_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    author_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    change_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    submitted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    published_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    deprecated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    replacement_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    sunset_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    deprecation_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rejection_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "metric_approvals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    metric_version_id = table.Column<long>(type: "INTEGER", nullable: false),
                    approver_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    approver_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_approvals", x => x.id);
                    table.ForeignKey(
                        name: "FK_metric_approvals_metric_versions_metric_version_id",
                        column: x => x.metric_version_id,
                        principalTable: "metric_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_metric_approvals_metric_version_id_approver_id_role",
                table: "metric_approvals",
                columns: new[] { "metric_version_id", "approver_id", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_metric_versions_metric_key_number",
                table: "metric_versions",
                columns: new[] { "metric_key", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_approvals");

            migrationBuilder.DropTable(
                name: "metric_versions");
        }
    }
}
