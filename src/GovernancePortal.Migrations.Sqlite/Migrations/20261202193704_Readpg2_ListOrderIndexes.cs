using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CASE \"Severity\" WHEN 'Critical' THEN 6 WHEN 'High' THEN 4 WHEN 'Medium' THEN 2 ELSE 0 END + CASE WHEN \"ResolvedAt\" IS NULL THEN 1 ELSE 0 END",
                // SQLite cannot ADD a stored generated column to an existing table; a virtual one it can, and its index
                // below stores the value all the same (ADR 0062). A later table rebuild creates it stored, as modelled.
                stored: false);

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
