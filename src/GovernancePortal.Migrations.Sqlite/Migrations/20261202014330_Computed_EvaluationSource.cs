using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Computed_EvaluationSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Evaluations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Reported");

            migrationBuilder.CreateTable(
                name: "EvaluationUploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ParserVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationUploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationUploads_Evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "Evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationUploads_EvaluationId",
                table: "EvaluationUploads",
                column: "EvaluationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationUploads_Sha256",
                table: "EvaluationUploads",
                column: "Sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluationUploads");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Evaluations");
        }
    }
}
