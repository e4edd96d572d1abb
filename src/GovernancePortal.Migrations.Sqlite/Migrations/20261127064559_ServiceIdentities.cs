using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceIdentities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ServiceIdentities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TokenHint = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreviousTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PreviousTokenValidUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceIdentities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceIdentityUsages",
                columns: table => new
                {
                    ServiceIdentityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedFrom = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScopesLastUsed = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceIdentityUsages", x => x.ServiceIdentityId);
                    table.ForeignKey(
                        name: "FK_ServiceIdentityUsages_ServiceIdentities_ServiceIdentityId",
                        column: x => x.ServiceIdentityId,
                        principalTable: "ServiceIdentities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIdentities_Name",
                table: "ServiceIdentities",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIdentities_PreviousTokenHash",
                table: "ServiceIdentities",
                column: "PreviousTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIdentities_TokenHash",
                table: "ServiceIdentities",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceIdentityUsages");

            migrationBuilder.DropTable(
                name: "ServiceIdentities");
        }
    }
}
