using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AuditCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    origin = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    key_id = table.Column<string>(type: "nchar(8)", fixedLength: true, maxLength: 8, nullable: false),
                    signature = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.sequence);
                });

            // Append-only like audit_entries.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_checkpoints_append_only ON audit_checkpoints
                INSTEAD OF UPDATE, DELETE
                AS
                BEGIN
                    THROW 51000, 'audit_checkpoints is append-only: UPDATE and DELETE are not allowed', 1;
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_append_only;");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");
        }
    }
}
