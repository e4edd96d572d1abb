using System.Net;
using System.Text.Json;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Cards;

public class CardsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Fraud = "/api/v1/models/fraud-gbt/versions/4.3.0/card";

    [Fact]
    public async Task GetCard_Json_IsTheLatestPublishedRevision()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var response = await client.GetAsync(Fraud);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("published", response.Headers.GetValues("X-Card-Status").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = (await factory.Get<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.3.0"))!.Id;
        Assert.Equal((await factory.Get<IPublishedCards>().LatestPublishedAsync(id))!.Sha256, body.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task GetCard_Hf_FrontMatterHasModelIndex()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var text = await client.GetStringAsync(Fraud + "?format=hf");
        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(text[4..end]));
        var meta = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("xgboost", meta["library_name"].ToString());
        Assert.True(((YamlDotNet.RepresentationModel.YamlSequenceNode)meta["model-index"]).Children.Count > 0);
    }

    [SkippableFact]
    public async Task GetCard_CycloneDx_IsSchemaValid()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var response = await client.GetAsync(Fraud + "?format=cyclonedx");
        Assert.Equal("application/vnd.cyclonedx+json", response.Content.Headers.ContentType!.MediaType);
        var result = CycloneDxSchema.Validate(await response.Content.ReadAsStringAsync());
        Assert.True(result.IsValid, CycloneDxSchema.Errors(result));
    }

    [Fact]
    public async Task GetCard_NothingPublished_ServesTheDraftMarkedAsSuch()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var response = await client.GetAsync("/api/v1/models/credit-risk-lgbm/versions/0.9.0/card");
        Assert.Equal("draft", response.Headers.GetValues("X-Card-Status").Single());
        Assert.Equal("draft", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetCard_RevisionParameter_AndErrors()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var first = await client.GetAsync(Fraud + "?revision=1");
        Assert.Equal("1", first.Headers.GetValues("X-Card-Revision").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Fraud + "?revision=99")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(Fraud + "?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/models/nope/versions/1/card")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(Fraud)).StatusCode);
    }
}
