using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class EventReceivedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "received_at",
                table: "tool_access",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "received_at",
                table: "survey_responses",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "received_at",
                table: "deployments",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "received_at",
                table: "ai_usage",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Rows stored before this column existed were received when the ledger recorded them.
            migrationBuilder.Sql("UPDATE deployments SET received_at = COALESCE((SELECT i.ingested_at FROM ingested_events i WHERE i.source = deployments.source AND i.event_id = deployments.event_id), received_at)");
            migrationBuilder.Sql("UPDATE ai_usage SET received_at = COALESCE((SELECT i.ingested_at FROM ingested_events i WHERE i.source = ai_usage.source AND i.event_id = ai_usage.event_id), received_at)");
            migrationBuilder.Sql("UPDATE tool_access SET received_at = COALESCE((SELECT i.ingested_at FROM ingested_events i WHERE i.source = tool_access.source AND i.event_id = tool_access.event_id), received_at)");
            migrationBuilder.Sql("UPDATE survey_responses SET received_at = COALESCE((SELECT i.ingested_at FROM ingested_events i WHERE i.source = survey_responses.source AND i.event_id = survey_responses.event_id), received_at)");

            migrationBuilder.CreateIndex(
                name: "IX_tool_access_received_at",
                table: "tool_access",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_received_at",
                table: "survey_responses",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "IX_deployments_received_at",
                table: "deployments",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "IX_ai_usage_received_at",
                table: "ai_usage",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tool_access_received_at",
                table: "tool_access");

            migrationBuilder.DropIndex(
                name: "IX_survey_responses_received_at",
                table: "survey_responses");

            migrationBuilder.DropIndex(
                name: "IX_deployments_received_at",
                table: "deployments");

            migrationBuilder.DropIndex(
                name: "IX_ai_usage_received_at",
                table: "ai_usage");

            migrationBuilder.DropColumn(
                name: "received_at",
                table: "tool_access");

            migrationBuilder.DropColumn(
                name: "received_at",
                table: "survey_responses");

            migrationBuilder.DropColumn(
                name: "received_at",
                table: "deployments");

            migrationBuilder.DropColumn(
                name: "received_at",
                table: "ai_usage");
        }
    }
}
