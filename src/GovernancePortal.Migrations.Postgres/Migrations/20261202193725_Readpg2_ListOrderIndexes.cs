using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Readpg2_ListOrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ListRank",
                table: "Finding",
                type: "integer",
                nullable: false,
                computedColumnSql: "CASE \"Severity\" WHEN 'Critical' THEN 6 WHEN 'High' THEN 4 WHEN 'Medium' THEN 2 ELSE 0 END + CASE WHEN \"ResolvedAt\" IS NULL THEN 1 ELSE 0 END",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_CreatedAt_Id",
                table: "PromotionRequests",
                columns: new[] { "CreatedAt", "Id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "IX_Finding_ListRank_LastSeen_Id",
                table: "Finding",
                columns: new[] { "ListRank", "LastSeen", "Id" },
                descending: new[] { true, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PromotionRequests_CreatedAt_Id",
                table: "PromotionRequests");

            migrationBuilder.DropIndex(
                name: "IX_Finding_ListRank_LastSeen_Id",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "ListRank",
                table: "Finding");
        }
    }
}
