using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GovernancePortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Observe_ObservationWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ObservationReceipts",
                columns: table => new
                {
                    EndpointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObservationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservationReceipts", x => new { x.EndpointId, x.ObservationId });
                    table.ForeignKey(
                        name: "FK_ObservationReceipts_ServingEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "ServingEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObservationWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EndpointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WindowStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Labelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum = table.Column<double>(type: "REAL", nullable: false),
                    Sketch = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservationWindows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObservationWindows_ServingEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "ServingEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObservationReceipts_ReceivedAt",
                table: "ObservationReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ObservationWindows_EndpointId_Kind_Name_Resolution_WindowStart",
                table: "ObservationWindows",
                columns: new[] { "EndpointId", "Kind", "Name", "Resolution", "WindowStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservationWindows_Resolution_WindowStart",
                table: "ObservationWindows",
                columns: new[] { "Resolution", "WindowStart" });

            // Metric values recorded before windows existed are kept: folded into their minute windows (sum and count).
            migrationBuilder.Sql("""
                INSERT INTO ObservationWindows (EndpointId, Kind, Name, Resolution, WindowStart, Labelled, Count, Sum)
                SELECT EndpointId, 'Metric', Metric, 'Minute', strftime('%Y-%m-%d %H:%M:00', ObservedAt), 0, COUNT(*), SUM(Value)
                FROM Observations GROUP BY EndpointId, Metric, strftime('%Y-%m-%d %H:%M:00', ObservedAt);
                """);
            migrationBuilder.DropTable(
                name: "Observations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ObservationReceipts");

            migrationBuilder.DropTable(
                name: "ObservationWindows");

            migrationBuilder.CreateTable(
                name: "Observations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EndpointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ObservedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Observations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Observations_ServingEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "ServingEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Observations_EndpointId_Metric_ObservedAt",
                table: "Observations",
                columns: new[] { "EndpointId", "Metric", "ObservedAt" });
        }
    }
}
