using System.Text.Json.Nodes;

namespace GovernancePortal.Benchmarks;

public static partial class ReadLatency
{
    /// <summary>
    /// Real values for every path parameter, read through the API's own lists (so the walker needs no database access
    /// and works the same on both providers). Several of each, spread over the register, rotated per call.
    /// </summary>
    private sealed class Ids
    {
        private readonly List<(string Name, string Version, string Id, string? Use)> versions = [], carded = [];
        private readonly List<string> models = [], runs = [], datasetVersions = [], endpoints = [], promotions = [], findings = [], evaluations = [];
        private readonly List<(string Ns, string Name)> datasets = [];

        public static async Task<Ids> CollectAsync(HttpClient api)
        {
            var ids = new Ids();
            var total = (int)(await Json(api, "/api/v1/models?pageSize=1"))["total"]!;
            // Models from far apart pages: a cold corner of the register is as much the budget's as the first page.
            for (var i = 0; i < Variants; i++)
            {
                var page = (int)((long)total * i / Variants);
                var model = (await Json(api, $"/api/v1/models?pageSize=1&page={page}"))["items"]!.AsArray()[0]!;
                ids.models.Add((string)model["id"]!);
                var name = (string)model["name"]!;
                List<(string Name, string Version, string Id, string? Use)> list = (await Json(api, $"/api/v1/models/{Uri.EscapeDataString(name)}/versions?pageSize=10"))["items"]!.AsArray()
                    .Select(v => (name, (string)v!["version"]!, (string)v["id"]!, v["stages"]!.AsArray().Select(s => (string?)s!["use"]).FirstOrDefault())).ToList();
                ids.versions.AddRange(list.Take(2));
                // generate-data cards the newest version of each model; whichever it is, ask the card itself.
                foreach (var v in list)
                    if (await OkAsync(api, $"/api/v1/models/{E(name)}/versions/{E(v.Version)}/card")) { ids.carded.Add(v); break; }
            }
            // A register generated before generate-data wrote cards has none among those models; a top-up's carded models
            // sort by their generation tag to the end of the name order, so the last page is read for cards as well.
            var last = Math.Max(0, (total - 1) / Variants);
            var tail = new List<JsonNode?>();
            for (var page = last; page >= Math.Max(0, last - 1); page--)
                tail.AddRange((await Json(api, $"/api/v1/models?pageSize={Variants}&page={page}"))["items"]!.AsArray());
            foreach (var model in tail)
            {
                if (ids.carded.Count >= Variants) break;
                var name = (string)model!["name"]!;
                foreach (var v in (await Json(api, $"/api/v1/models/{E(name)}/versions?pageSize=10"))["items"]!.AsArray())
                    if (await OkAsync(api, $"/api/v1/models/{E(name)}/versions/{E((string)v!["version"]!)}/card"))
                    {
                        ids.carded.Add((name, (string)v["version"]!, (string)v["id"]!, null));
                        break;
                    }
            }
            // release-decision needs a use for a version without a stage: any AI system key of the register will do.
            var anyUse = ids.versions.Select(v => v.Use).FirstOrDefault(u => u is not null);
            for (var i = 0; i < ids.versions.Count; i++)
                if (ids.versions[i].Use is null) ids.versions[i] = ids.versions[i] with { Use = anyUse };
            foreach (var (_, _, id, _) in ids.versions.Take(Variants))
                ids.evaluations.AddRange((await Json(api, $"/api/v1/lineage/modelVersion/{id}?direction=downstream&depth=1"))["nodes"]!.AsArray()
                    .Where(n => (string)n!["type"]! is "evaluation" or "Evaluation").Select(n => (string)n!["id"]!).Take(1));
            ids.runs.AddRange(await Items(api, "/api/v1/runs", "id"));
            foreach (var d in (await Json(api, $"/api/v1/datasets?pageSize={Variants}"))["items"]!.AsArray())
            {
                ids.datasetVersions.Add((string)d!["id"]!);
                ids.datasets.Add(((string)d["namespace"]!, (string)d["name"]!));
            }
            ids.endpoints.AddRange(await Items(api, "/api/v1/deployments", "id"));
            ids.promotions.AddRange(await Items(api, "/api/v1/promotions", "id"));
            ids.findings.AddRange(await Items(api, "/api/v1/findings", "id"));
            return ids;
        }

        public string Describe() =>
            $"{models.Count} models, {versions.Count} versions ({carded.Count} more with a card), {evaluations.Count} evaluations, {runs.Count} runs, {datasets.Count} datasets, " +
            $"{endpoints.Count} endpoints, {promotions.Count} promotions, {findings.Count} findings";

        /// <summary>Concrete URLs for one OpenAPI path: its path parameters from the register, its required query parameters too.</summary>
        public List<string> Fill(string path, JsonArray parameters)
        {
            var required = parameters.Where(p => (string)p!["in"]! == "query" && (bool?)p["required"] == true).Select(p => (string)p!["name"]!).ToList();
            IEnumerable<string> urls = path switch
            {
                _ when path.EndsWith("{version}/card") => carded.Select(v => path.Replace("{name}", E(v.Name)).Replace("{version}", E(v.Version))),
                _ when path.Contains("{version}") => versions.Select(v => path.Replace("{name}", E(v.Name)).Replace("{version}", E(v.Version))
                    + (required.Contains("use") ? (v.Use is null ? null : "?use=" + E(v.Use)) : "")).OfType<string>(),
                _ when path.Contains("{name}/versions") => versions.Select(v => path.Replace("{name}", E(v.Name))).Distinct(),
                _ when path.Contains("{ns}") => datasets.Select(d => path.Replace("{ns}", E(d.Ns)).Replace("{name}", E(d.Name))),
                _ when path.Contains("{runId}") => runs.Select(r => path.Replace("{runId}", r)),
                _ when path.StartsWith("/api/v1/lineage/") => versions.Select(v => path.Replace("{nodeType}", "modelVersion").Replace("{id}", v.Id)),
                _ when path.StartsWith("/api/v1/deployments/{id}") => endpoints.Select(e => path.Replace("{id}", e)),
                _ when path.StartsWith("/api/v1/promotions/{id}") => promotions.Select(p => path.Replace("{id}", p)),
                _ when path.Contains('{') => [],
                _ when required.Count > 0 => [],
                _ => [path],
            };
            return urls.ToList();
        }

        /// <summary>The detail pages of issue 16's budget, each with its real ids.</summary>
        public IEnumerable<(string Route, List<string> Ids)> Pages() =>
        [
            ("/models/{id}", models), ("/model-versions/{id}", versions.Select(v => v.Id).ToList()),
            ("/dataset-versions/{id}", datasetVersions), ("/endpoints/{id}", endpoints), ("/runs/{id}", runs),
            ("/evaluations/{id}", evaluations), ("/findings/{id}", findings),
            ("/model-versions/{id}/card", carded.Select(v => v.Id).ToList()), ("/promotions/{id}", promotions),
        ];

        private static string E(string value) => Uri.EscapeDataString(value);

        private static async Task<JsonNode> Json(HttpClient api, string url)
        {
            using var response = await api.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {body}");
            return JsonNode.Parse(body)!;
        }

        private static async Task<bool> OkAsync(HttpClient api, string url)
        {
            using var response = await api.GetAsync(url);
            return response.IsSuccessStatusCode;
        }

        private static async Task<IEnumerable<string>> Items(HttpClient api, string list, string field) =>
            (await Json(api, $"{list}?pageSize={Variants}"))["items"]!.AsArray().Select(i => (string)i![field]!);
    }
}
