using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.SqlServer
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
                    vintage_id = table.Column<long>(type: "bigint", nullable: false),
                    person_key = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    since = table.Column<DateTime>(type: "datetime2", nullable: false)
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
                CREATE TRIGGER vintage_holds_immutable ON vintage_holds
                INSTEAD OF UPDATE, DELETE
                AS
                BEGIN
                    THROW 51000, 'vintage_holds is immutable: UPDATE and DELETE are not allowed', 1;
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS vintage_holds_immutable;");

            migrationBuilder.DropTable(
                name: "vintage_holds");
        }
    }
}
