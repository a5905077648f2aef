using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SourceDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "source_deliveries",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    event_count = table.Column<long>(type: "bigint", nullable: false),
                    last_seen = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_deliveries", x => new { x.source, x.type });
                });

            // What the ledger already holds, counted once; from here on each chunk adds its own.
            migrationBuilder.Sql("INSERT INTO source_deliveries (source, type, event_count, last_seen) SELECT source, type, COUNT(*), MAX(ingested_at) FROM ingested_events GROUP BY source, type");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "source_deliveries");
        }
    }
}
