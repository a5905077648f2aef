using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_chain_head",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_chain_head", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    principal_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    principal_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    roles = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    operation_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    document_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    metrics = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    scope = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    target = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    decision = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    rule_codes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    policy_version = table.Column<int>(type: "INTEGER", nullable: true),
                    points_served = table.Column<int>(type: "INTEGER", nullable: true),
                    points_suppressed = table.Column<int>(type: "INTEGER", nullable: true),
                    events_accepted = table.Column<int>(type: "INTEGER", nullable: true),
                    events_duplicate = table.Column<int>(type: "INTEGER", nullable: true),
                    events_rejected = table.Column<int>(type: "INTEGER", nullable: true),
                    previous_hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.sequence);
                });

            migrationBuilder.InsertData(
                table: "audit_chain_head",
                columns: new[] { "id", "hash", "sequence" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_action_sequence",
                table: "audit_entries",
                columns: new[] { "action", "sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_principal_id_sequence",
                table: "audit_entries",
                columns: new[] { "principal_id", "sequence" });

            // Append-only at the database layer: UPDATE and DELETE of audit entries are refused.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN
                    SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE is not allowed');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN
                    SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE is not allowed');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");

            migrationBuilder.DropTable(
                name: "audit_chain_head");

            migrationBuilder.DropTable(
                name: "audit_entries");
        }
    }
}
