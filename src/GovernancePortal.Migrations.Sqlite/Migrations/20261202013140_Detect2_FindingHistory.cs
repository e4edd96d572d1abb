using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Detect2_FindingHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FindingEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FindingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SuppressedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FindingEvents_Finding_FindingId",
                        column: x => x.FindingId,
                        principalTable: "Finding",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FindingEvents_FindingId_At",
                table: "FindingEvents",
                columns: new[] { "FindingId", "At" });

            // Findings raised before history was kept start theirs with what their row still says.
            migrationBuilder.Sql("""
                INSERT INTO FindingEvents (FindingId, Kind, At, Actor, Text, SuppressedUntil)
                SELECT Id, 'Raised', FirstSeen, 'findings-engine', substr(Message, 1, 1000), NULL FROM Finding;
                INSERT INTO FindingEvents (FindingId, Kind, At, Actor, Text, SuppressedUntil)
                SELECT Id, 'Acknowledged', AcknowledgedAt, AcknowledgedBy, AcknowledgementComment, NULL FROM Finding WHERE AcknowledgedAt IS NOT NULL;
                INSERT INTO FindingEvents (FindingId, Kind, At, Actor, Text, SuppressedUntil)
                SELECT Id, CASE WHEN ResolvedBy IS NULL THEN 'AutoResolved' ELSE 'Resolved' END, ResolvedAt, COALESCE(ResolvedBy, 'findings-engine'), ResolutionReason, NULL
                FROM Finding WHERE ResolvedAt IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FindingEvents");
        }
    }
}
