using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SelfUsageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_person_key_submitted_at",
                table: "survey_responses",
                columns: new[] { "person_key", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ai_usage_person_key_occurred_at",
                table: "ai_usage",
                columns: new[] { "person_key", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_survey_responses_person_key_submitted_at",
                table: "survey_responses");

            migrationBuilder.DropIndex(
                name: "IX_ai_usage_person_key_occurred_at",
                table: "ai_usage");
        }
    }
}
