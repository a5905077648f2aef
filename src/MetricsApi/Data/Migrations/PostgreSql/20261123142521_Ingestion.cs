using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Ingestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_unit_managers_person_key_valid_from",
                table: "unit_managers");

            migrationBuilder.DropIndex(
                name: "IX_memberships_person_key_valid_from",
                table: "memberships");

            migrationBuilder.CreateTable(
                name: "ai_usage",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    person_key = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    tool = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ai_usage", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "deployments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    team_id = table.Column<int>(type: "integer", nullable: false),
                    service = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    environment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lead_time_minutes = table.Column<int>(type: "integer", nullable: true),
                    caused_incident = table.Column<bool>(type: "boolean", nullable: false),
                    restored_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deployments", x => x.id);
                    table.ForeignKey(
                        name: "FK_deployments_org_units_team_id",
                        column: x => x.team_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ingested_events",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ingested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingested_events", x => new { x.source, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    person_key = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    tool = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    submitted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_responses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tool_access",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    person_key = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    tool = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    granted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tool_access", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_unit_managers_person_key_org_unit_id_valid_from",
                table: "unit_managers",
                columns: new[] { "person_key", "org_unit_id", "valid_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships",
                columns: new[] { "person_key", "team_id", "valid_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ai_usage_occurred_at_person_key",
                table: "ai_usage",
                columns: new[] { "occurred_at", "person_key" });

            migrationBuilder.CreateIndex(
                name: "IX_ai_usage_source_event_id",
                table: "ai_usage",
                columns: new[] { "source", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_deployments_source_event_id",
                table: "deployments",
                columns: new[] { "source", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_deployments_team_id_finished_at",
                table: "deployments",
                columns: new[] { "team_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_source_event_id",
                table: "survey_responses",
                columns: new[] { "source", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_submitted_at_tool",
                table: "survey_responses",
                columns: new[] { "submitted_at", "tool" });

            migrationBuilder.CreateIndex(
                name: "IX_tool_access_person_key_tool",
                table: "tool_access",
                columns: new[] { "person_key", "tool" });

            migrationBuilder.CreateIndex(
                name: "IX_tool_access_source_event_id",
                table: "tool_access",
                columns: new[] { "source", "event_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ai_usage");

            migrationBuilder.DropTable(
                name: "deployments");

            migrationBuilder.DropTable(
                name: "ingested_events");

            migrationBuilder.DropTable(
                name: "survey_responses");

            migrationBuilder.DropTable(
                name: "tool_access");

            migrationBuilder.DropIndex(
                name: "IX_unit_managers_person_key_org_unit_id_valid_from",
                table: "unit_managers");

            migrationBuilder.DropIndex(
                name: "IX_memberships_person_key_team_id_valid_from",
                table: "memberships");

            migrationBuilder.CreateIndex(
                name: "IX_unit_managers_person_key_valid_from",
                table: "unit_managers",
                columns: new[] { "person_key", "valid_from" });

            migrationBuilder.CreateIndex(
                name: "IX_memberships_person_key_valid_from",
                table: "memberships",
                columns: new[] { "person_key", "valid_from" });
        }
    }
}
