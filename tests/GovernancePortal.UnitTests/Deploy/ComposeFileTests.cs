using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovernancePortal.UnitTests.Deploy;

/// <summary>
/// The deployment example's shape (docs/deploy/docker-compose.yml and its Caddyfile). The development machine has no
/// Docker, so the file is checked as data: two portal instances on PostgreSQL, sticky sessions at the proxy, and a
/// health check on every service that others wait for.
/// </summary>
public class ComposeFileTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GovernancePortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        // Compose files share settings with anchors and merge keys (<<: *portal); the merging parser resolves them.
        using (var reader = File.OpenText(Path.Combine(Root(), "docs", "deploy", "docker-compose.yml"))) yaml.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services()[name];

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path) current = ((YamlMappingNode)current)[key];
        return ((YamlScalarNode)current).Value!;
    }

    [Fact]
    public void TwoPortalInstances_OnPostgres_ShareTheirKeys_AndProbeReadiness()
    {
        var portals = Services().Children.Where(c => ((YamlScalarNode)c.Key).Value!.StartsWith("portal")).Select(c => (YamlMappingNode)c.Value).ToList();
        Assert.Equal(2, portals.Count);
        foreach (var portal in portals)
        {
            Assert.Equal("Postgres", Scalar(portal, "environment", "Database__Provider"));
            Assert.Contains("Host=db", Scalar(portal, "environment", "ConnectionStrings__Governance"));
            Assert.Contains("keys:/app/data/keys", ((YamlSequenceNode)portal["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value));
            var test = string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)portal["healthcheck"])["test"]).Children.Select(t => ((YamlScalarNode)t).Value));
            Assert.Contains("/health/ready", test);
        }
    }

    [Fact]
    public void Database_IsPostgres15_WithAHealthCheck_AndArchiving()
    {
        var db = Service("db");
        Assert.Equal("postgres:15", Scalar(db, "image"));
        Assert.Contains("pg_isready", string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)db["healthcheck"])["test"]).Children));
        Assert.Contains("archive_mode=on", string.Join(" ", ((YamlSequenceNode)db["command"]).Children));
        Assert.Equal("service_healthy", Scalar(Service("portal-1"), "depends_on", "db", "condition"));
    }

    [Fact]
    public void Proxy_RoutesToBothInstances_WithCookieAffinity_AndReadinessChecks()
    {
        var proxy = Service("proxy");
        Assert.Contains("./Caddyfile:/etc/caddy/Caddyfile:ro", ((YamlSequenceNode)proxy["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value));
        Assert.True(((YamlMappingNode)proxy["healthcheck"]).Children.ContainsKey("test"));
        foreach (var portal in new[] { "portal-1", "portal-2" })
            Assert.Equal("service_healthy", Scalar(proxy, "depends_on", portal, "condition"));

        var caddy = File.ReadAllLines(Path.Combine(Root(), "docs", "deploy", "Caddyfile")).Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToList();
        Assert.Contains("reverse_proxy portal-1:8080 portal-2:8080 {", caddy);
        Assert.Contains(caddy, l => l.StartsWith("lb_policy cookie "));
        Assert.Contains("health_uri /health/ready", caddy);
    }

    [Fact]
    public void Dockerfile_CopiesEveryReferencedProject_BeforeTheRestore()
    {
        var lines = File.ReadAllLines(Path.Combine(Root(), "Dockerfile"));
        var restore = Array.FindIndex(lines, l => l.StartsWith("RUN dotnet restore"));
        var copied = lines[..restore].Where(l => l.StartsWith("COPY ")).ToList();
        var web = System.Xml.Linq.XDocument.Load(Path.Combine(Root(), "src", "GovernancePortal.Web", "GovernancePortal.Web.csproj"));
        var references = web.Descendants("ProjectReference").Select(r => Path.GetFileName(r.Attribute("Include")!.Value.Replace('\\', '/'))).ToList();
        Assert.NotEmpty(references);
        foreach (var project in references.Append("GovernancePortal.Web.csproj"))
            Assert.Contains(copied, l => l.Contains("/" + project + " "));
    }
}
