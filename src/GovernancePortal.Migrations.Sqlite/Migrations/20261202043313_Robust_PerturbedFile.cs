using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Robust_PerturbedFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PerturbedFileName",
                table: "EvaluationUploads",
                type: "TEXT",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PerturbedSha256",
                table: "EvaluationUploads",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PerturbedSizeBytes",
                table: "EvaluationUploads",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PerturbedFileName",
                table: "EvaluationUploads");

            migrationBuilder.DropColumn(
                name: "PerturbedSha256",
                table: "EvaluationUploads");

            migrationBuilder.DropColumn(
                name: "PerturbedSizeBytes",
                table: "EvaluationUploads");
        }
    }
}
