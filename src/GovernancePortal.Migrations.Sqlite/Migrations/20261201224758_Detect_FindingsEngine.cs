using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Detect_FindingsEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcknowledgedAt",
                table: "Finding",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgedBy",
                table: "Finding",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgementComment",
                table: "Finding",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConditionKey",
                table: "Finding",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "EntityName",
                table: "Finding",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ResolutionReason",
                table: "Finding",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedBy",
                table: "Finding",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Signal",
                table: "Finding",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Finding",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SuggestedAction",
                table: "Finding",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SuppressedBy",
                table: "Finding",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SuppressedUntil",
                table: "Finding",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuppressionReason",
                table: "Finding",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "Finding",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "DigestConflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegisteredSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReportedSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FirstReportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FirstReportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastReportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reports = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestConflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DigestConflicts_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FindingRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Full = table.Column<bool>(type: "INTEGER", nullable: false),
                    Changes = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Raised = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false),
                    RunBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingRuns", x => x.Id);
                });

            // Findings recorded before the engine: one per (rule, entity), so the entity id is their condition key.
            migrationBuilder.Sql("""
                UPDATE Finding SET ConditionKey = lower(EntityId),
                    Status = CASE WHEN ResolvedAt IS NULL THEN 'Open' ELSE 'Resolved' END,
                    Signal = CASE WHEN Rule = 'UntrackedPromotion' THEN 'UntrackedPromotion' ELSE 'InconsistentLineage' END,
                    Title = Rule;
                """);
            // Digest conflicts were only audit entries; they become data (the audit entries stay as the record).
            migrationBuilder.Sql("""
                INSERT INTO DigestConflicts (Id, ModelVersionId, RegisteredSha256, ReportedSha256, FirstReportedBy, FirstReportedAt, LastReportedAt, Reports)
                SELECT hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)),
                       upper(EntityId), min(Before), After, min(Actor), min(Timestamp), max(Timestamp), count(*)
                FROM AuditEntries
                WHERE Action = 'ModelVersion.DigestConflict' AND After IS NOT NULL AND upper(EntityId) IN (SELECT Id FROM ModelVersions)
                GROUP BY upper(EntityId), After;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Finding_Rule_ConditionKey",
                table: "Finding",
                columns: new[] { "Rule", "ConditionKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Finding_Status_Signal",
                table: "Finding",
                columns: new[] { "Status", "Signal" });

            migrationBuilder.CreateIndex(
                name: "IX_DigestConflicts_ModelVersionId_ReportedSha256",
                table: "DigestConflicts",
                columns: new[] { "ModelVersionId", "ReportedSha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FindingRuns_StartedAt",
                table: "FindingRuns",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DigestConflicts");

            migrationBuilder.DropTable(
                name: "FindingRuns");

            migrationBuilder.DropIndex(
                name: "IX_Finding_Rule_ConditionKey",
                table: "Finding");

            migrationBuilder.DropIndex(
                name: "IX_Finding_Status_Signal",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "AcknowledgedAt",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "AcknowledgedBy",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "AcknowledgementComment",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "ConditionKey",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "EntityName",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "ResolutionReason",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "ResolvedBy",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "Signal",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "SuggestedAction",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "SuppressedBy",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "SuppressedUntil",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "SuppressionReason",
                table: "Finding");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "Finding");
        }
    }
}
