namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Third-party reference files in ../shared/reference/ beside the repository, read in place (never copied).
/// Where they are absent the conformance tests skip and say so; under CI=true they must be there.
/// </summary>
public static class Reference
{
    public static string? Dir(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GovernancePortal.sln")))
            {
                var path = Path.Combine(dir.Parent!.FullName, "shared", "reference", name);
                return Directory.Exists(path) ? path : null;
            }
        return null;
    }

    public static string Require(string name)
    {
        var dir = Dir(name);
        if (dir is null && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"../shared/reference/{name} is missing, and CI=true requires the conformance tests to run.");
        Skip.If(dir is null, $"../shared/reference/{name} is not beside this checkout; conformance test skipped.");
        return dir!;
    }
}
