using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Sod_OwnerAndRequesterById : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "ServiceIdentities",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedById",
                table: "PromotionRequests",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedOnBehalfOfId",
                table: "PromotionRequests",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIdentities_OwnerId",
                table: "ServiceIdentities",
                column: "OwnerId");

            // Existing rows named people by free text. Map each name to the account it denotes, matched the way Identity
            // matches a sign-in (normalized e-mail or user name; SQLite's UPPER folds ASCII only, which is what e-mail
            // addresses in practice are). A name that matches no account stays NULL: such a token is refused and such a
            // requester can be approved by anyone but the owner recorded by id (ADR 0013).
            migrationBuilder.Sql("""
                UPDATE "ServiceIdentities" SET "OwnerId" = (
                    SELECT u."Id" FROM "AspNetUsers" u
                    WHERE u."NormalizedEmail" = UPPER(TRIM("ServiceIdentities"."Owner")) OR u."NormalizedUserName" = UPPER(TRIM("ServiceIdentities"."Owner"))
                    LIMIT 1);
                """);
            migrationBuilder.Sql("""
                UPDATE "PromotionRequests" SET "RequestedById" = (
                    SELECT u."Id" FROM "AspNetUsers" u
                    WHERE u."NormalizedEmail" = UPPER(TRIM("PromotionRequests"."RequestedBy")) OR u."NormalizedUserName" = UPPER(TRIM("PromotionRequests"."RequestedBy"))
                    LIMIT 1)
                WHERE "RequestedByService" = 0;
                """);
            migrationBuilder.Sql("""
                UPDATE "PromotionRequests" SET "RequestedOnBehalfOfId" = COALESCE(
                    (SELECT u."Id" FROM "AspNetUsers" u
                     WHERE u."NormalizedEmail" = UPPER(TRIM("PromotionRequests"."RequestedOnBehalfOf")) OR u."NormalizedUserName" = UPPER(TRIM("PromotionRequests"."RequestedOnBehalfOf"))
                     LIMIT 1),
                    (SELECT s."OwnerId" FROM "ServiceIdentities" s WHERE s."Name" = "PromotionRequests"."RequestedBy"))
                WHERE "RequestedByService" = 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceIdentities_OwnerId",
                table: "ServiceIdentities");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "ServiceIdentities");

            migrationBuilder.DropColumn(
                name: "RequestedById",
                table: "PromotionRequests");

            migrationBuilder.DropColumn(
                name: "RequestedOnBehalfOfId",
                table: "PromotionRequests");
        }
    }
}
