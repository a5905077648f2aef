using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    grain = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    data_cutoff = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_period_vintages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "release_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "revision_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    grain = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_by_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    done_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    vintage_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revision_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "late_record_counts",
                columns: table => new
                {
                    vintage_id = table.Column<long>(type: "bigint", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false),
                    counted_up_to = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    metric_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    metric_version_id = table.Column<long>(type: "bigint", nullable: false),
                    metric_version = table.Column<int>(type: "integer", nullable: false),
                    grain = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    policy_version = table.Column<int>(type: "integer", nullable: false),
                    min_group_size = table.Column<int>(type: "integer", nullable: false),
                    vintage_id = table.Column<long>(type: "bigint", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    data_cutoff = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    built_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    cells = table.Column<int>(type: "integer", nullable: false),
                    cells_suppressed = table.Column<int>(type: "integer", nullable: false)
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
                    release_id = table.Column<long>(type: "bigint", nullable: false),
                    level = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    dimension = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    dimension_value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    people = table.Column<int>(type: "integer", nullable: false),
                    empty = table.Column<bool>(type: "boolean", nullable: false)
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
                name: "IX_releases_metric_version_id_grain_period_start_policy_versio~",
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
                CREATE FUNCTION releases_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is immutable: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER releases_no_update_delete BEFORE UPDATE OR DELETE ON releases
                    FOR EACH ROW EXECUTE FUNCTION releases_immutable();
                CREATE TRIGGER releases_no_truncate BEFORE TRUNCATE ON releases
                    FOR EACH STATEMENT EXECUTE FUNCTION releases_immutable();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER release_cells_no_update_delete BEFORE UPDATE OR DELETE ON release_cells
                    FOR EACH ROW EXECUTE FUNCTION releases_immutable();
                CREATE TRIGGER release_cells_no_truncate BEFORE TRUNCATE ON release_cells
                    FOR EACH STATEMENT EXECUTE FUNCTION releases_immutable();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER period_vintages_no_update_delete BEFORE UPDATE OR DELETE ON period_vintages
                    FOR EACH ROW EXECUTE FUNCTION releases_immutable();
                CREATE TRIGGER period_vintages_no_truncate BEFORE TRUNCATE ON period_vintages
                    FOR EACH STATEMENT EXECUTE FUNCTION releases_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS releases_no_update_delete ON releases; DROP TRIGGER IF EXISTS releases_no_truncate ON releases;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS release_cells_no_update_delete ON release_cells; DROP TRIGGER IF EXISTS release_cells_no_truncate ON release_cells;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS period_vintages_no_update_delete ON period_vintages; DROP TRIGGER IF EXISTS period_vintages_no_truncate ON period_vintages;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS releases_immutable();");

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
