using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Releases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "period_vintages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    grain = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    data_cutoff = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_period_vintages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "release_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "revision_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    grain = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    requested_by_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    done_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    vintage_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revision_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "late_record_counts",
                columns: table => new
                {
                    vintage_id = table.Column<long>(type: "INTEGER", nullable: false),
                    records = table.Column<int>(type: "INTEGER", nullable: false),
                    counted_up_to = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_late_record_counts", x => x.vintage_id);
                    table.ForeignKey(
                        name: "FK_late_record_counts_period_vintages_vintage_id",
                        column: x => x.vintage_id,
                        principalTable: "period_vintages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "releases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    metric_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    metric_version_id = table.Column<long>(type: "INTEGER", nullable: false),
                    metric_version = table.Column<int>(type: "INTEGER", nullable: false),
                    grain = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    period_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    policy_version = table.Column<int>(type: "INTEGER", nullable: false),
                    min_group_size = table.Column<int>(type: "INTEGER", nullable: false),
                    vintage_id = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    data_cutoff = table.Column<DateTime>(type: "TEXT", nullable: false),
                    built_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    cells = table.Column<int>(type: "INTEGER", nullable: false),
                    cells_suppressed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_releases", x => x.id);
                    table.ForeignKey(
                        name: "FK_releases_period_vintages_vintage_id",
                        column: x => x.vintage_id,
                        principalTable: "period_vintages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "release_cells",
                columns: table => new
                {
                    release_id = table.Column<long>(type: "INTEGER", nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    dimension = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    unit_id = table.Column<int>(type: "INTEGER", nullable: false),
                    dimension_value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    people = table.Column<int>(type: "INTEGER", nullable: false),
                    empty = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_cells", x => new { x.release_id, x.level, x.dimension, x.unit_id, x.dimension_value });
                    table.ForeignKey(
                        name: "FK_release_cells_releases_release_id",
                        column: x => x.release_id,
                        principalTable: "releases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_period_vintages_grain_period_start_number",
                table: "period_vintages",
                columns: new[] { "grain", "period_start", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_releases_grain_period_start",
                table: "releases",
                columns: new[] { "grain", "period_start" });

            migrationBuilder.CreateIndex(
                name: "IX_releases_metric_version_id_grain_period_start_policy_version_revision",
                table: "releases",
                columns: new[] { "metric_version_id", "grain", "period_start", "policy_version", "revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_releases_vintage_id",
                table: "releases",
                column: "vintage_id");

            migrationBuilder.CreateIndex(
                name: "IX_revision_requests_done_at",
                table: "revision_requests",
                column: "done_at");

            // Releases are published tables: the database refuses to change or remove them (as for the audit log).
            migrationBuilder.Sql("""
                CREATE TRIGGER releases_no_update BEFORE UPDATE ON releases
                BEGIN
                    SELECT RAISE(ABORT, 'releases is immutable: UPDATE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases
                BEGIN
                    SELECT RAISE(ABORT, 'releases is immutable: DELETE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER release_cells_no_update BEFORE UPDATE ON release_cells
                BEGIN
                    SELECT RAISE(ABORT, 'release_cells is immutable: UPDATE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER release_cells_no_delete BEFORE DELETE ON release_cells
                BEGIN
                    SELECT RAISE(ABORT, 'release_cells is immutable: DELETE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER period_vintages_no_update BEFORE UPDATE ON period_vintages
                BEGIN
                    SELECT RAISE(ABORT, 'period_vintages is immutable: UPDATE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER period_vintages_no_delete BEFORE DELETE ON period_vintages
                BEGIN
                    SELECT RAISE(ABORT, 'period_vintages is immutable: DELETE is not allowed');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS releases_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS releases_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS release_cells_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS release_cells_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS period_vintages_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS period_vintages_no_delete;");

            migrationBuilder.DropTable(
                name: "late_record_counts");

            migrationBuilder.DropTable(
                name: "release_cells");

            migrationBuilder.DropTable(
                name: "release_leases");

            migrationBuilder.DropTable(
                name: "revision_requests");

            migrationBuilder.DropTable(
                name: "releases");

            migrationBuilder.DropTable(
                name: "period_vintages");
        }
    }
}
