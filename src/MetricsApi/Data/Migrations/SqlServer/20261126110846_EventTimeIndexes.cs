using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MetricsApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EventTimeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_tool_access_granted_at",
                table: "tool_access",
                column: "granted_at");

            migrationBuilder.CreateIndex(
                name: "IX_deployments_finished_at",
                table: "deployments",
                column: "finished_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tool_access_granted_at",
                table: "tool_access");

            migrationBuilder.DropIndex(
                name: "IX_deployments_finished_at",
                table: "deployments");
        }
    }
}
