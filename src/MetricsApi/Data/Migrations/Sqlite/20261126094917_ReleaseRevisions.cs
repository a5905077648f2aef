using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReleaseRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "vintage_holds",
                columns: table => new
                {
                    vintage_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_key = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    since = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vintage_holds", x => new { x.vintage_id, x.person_key });
                    table.ForeignKey(
                        name: "FK_vintage_holds_period_vintages_vintage_id",
                        column: x => x.vintage_id,
                        principalTable: "period_vintages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Holds belong to an immutable vintage.
            migrationBuilder.Sql("""
                CREATE TRIGGER vintage_holds_no_update BEFORE UPDATE ON vintage_holds
                BEGIN
                    SELECT RAISE(ABORT, 'vintage_holds is immutable: UPDATE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER vintage_holds_no_delete BEFORE DELETE ON vintage_holds
                BEGIN
                    SELECT RAISE(ABORT, 'vintage_holds is immutable: DELETE is not allowed');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS vintage_holds_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS vintage_holds_no_delete;");

            migrationBuilder.DropTable(
                name: "vintage_holds");
        }
    }
}
