using System.Net;
using System.Text;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Runs;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Audit;

/// <summary>The audit trail as compliance staff read it and hand it to auditors: names, words, CSV.</summary>
public class AuditTrailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+31 20 555", "'+31 20 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData(null, "")]
    public void Csv_Field_QuotesAsRfc4180AndNeutralisesFormulas(string? value, string expected) => Assert.Equal(expected, Csv.Field(value));

    [Theory]
    [InlineData("ModelVersion.Created", "Model version created")]
    [InlineData("AiSystem.Updated", "AI system updated")]
    [InlineData("User.SignedIn", "Signed in")]
    [InlineData("PromotionApproval.Created", "Promotion approval created")]
    public void ActionWords_Describe_CodeInWords(string code, string words) => Assert.Equal(words, AuditActionWords.Describe(code));

    [Fact]
    public async Task Query_ModelVersionEntries_ShowModelNameAndVersionBesideTheId()
    {
        var page = await factory.Get<AuditQueryService>().QueryAsync(new AuditQuery(EntityType: "ModelVersion", PageSize: 200));

        Assert.NotEmpty(page.Items);
        await using var db = factory.NewDb();
        foreach (var row in page.Items.Where(r => r.Entry.Action == "ModelVersion.Created"))
        {
            var v = await db.ModelVersions.Include(x => x.Model).SingleAsync(x => x.Id == Guid.Parse(row.Entry.EntityId));
            Assert.Equal($"{v.Model!.Name} v{v.Version}", row.EntityName);
            Assert.Equal("Model version created", row.ActionText);
        }
    }

    [Fact]
    public async Task Query_ByEntityName_FindsTheModelItsVersionsAndTheirPromotions()
    {
        var page = await factory.Get<AuditQueryService>().QueryAsync(new AuditQuery(EntityName: "fraud-gbt", PageSize: 200));

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, r => Assert.Contains("fraud-gbt", r.EntityName));
        var types = page.Items.Select(r => r.Entry.EntityType).ToHashSet();
        Assert.Contains("Model", types);
        Assert.Contains("ModelVersion", types);
        Assert.Contains("PromotionRequest", types);
    }

    [Fact]
    public async Task Export_AsCompliance_GivesEveryFilteredEntryAsCsv_AndIsAudited()
    {
        var expected = await factory.Get<AuditQueryService>().QueryAsync(new AuditQuery(EntityName: "fraud-gbt", PageSize: 1));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await LoginClient.PostLoginAsync(client, "compliance@demo.local", PortalFactory.Password);

        var response = await client.GetAsync("/audit/export.csv?entityName=fraud-gbt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var rows = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        Assert.Equal(AuditQueryService.CsvHeader, rows[0]);
        Assert.Equal(expected.Total, rows.Count - 1);
        var name = Array.IndexOf(AuditQueryService.CsvHeader, "Entity name");
        Assert.All(rows.Skip(1), r => Assert.Contains("fraud-gbt", r[name]));
        // Newest first, every column present, JSON snapshots intact through the quoting.
        Assert.True(long.Parse(rows[1][0]) > long.Parse(rows[^1][0]));
        Assert.All(rows.Skip(1), r => Assert.Equal(AuditQueryService.CsvHeader.Length, r.Length));
        Assert.Contains(rows.Skip(1), r => r[10].StartsWith("{\"") && r[10].Contains("fraud-gbt"));

        await using var db = factory.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Audit.Exported" && a.Actor == "compliance@demo.local" && a.After!.Contains("fraud-gbt")));
    }

    [Fact]
    public async Task Export_NameStartingWithAFormula_IsNeutralisedInTheFile()
    {
        var job = "=HYPERLINK(\"http://evil.example\",\"open\")";
        var result = await factory.Get<TrainingRunService>().RegisterAsync(Caller.System("test"), new RegisterTrainingRun(
            job, "abc1234", "", RunStatus.Completed, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, null, null, []));
        Assert.True(result.Succeeded, result.Error?.Message);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await LoginClient.PostLoginAsync(client, "compliance@demo.local", PortalFactory.Password);

        var csv = await client.GetStringAsync("/audit/export.csv?entityName=HYPERLINK");

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\"", csv);
        var rows = ParseCsv(csv.TrimStart('\uFEFF'));
        Assert.True(rows.Count > 1);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@', cell));
    }

    [Fact]
    public async Task Export_WithoutTheAuditorPolicy_IsRefused()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await LoginClient.PostLoginAsync(client, "scientist@demo.local", PortalFactory.Password);

        var response = await client.GetAsync("/audit/export.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.RedirectsTo("/Account/AccessDenied") || response.StatusCode == HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }

    /// <summary>An RFC 4180 reader, written independently of the writer under test.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
