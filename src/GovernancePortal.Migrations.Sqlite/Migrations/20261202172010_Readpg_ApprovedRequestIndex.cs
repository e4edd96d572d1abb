using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Readpg_ApprovedRequestIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_ModelVersionId_AiSystemId_TargetStage_Status",
                table: "PromotionRequests",
                columns: new[] { "ModelVersionId", "AiSystemId", "TargetStage", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PromotionRequests_ModelVersionId_AiSystemId_TargetStage_Status",
                table: "PromotionRequests");
        }
    }
}
