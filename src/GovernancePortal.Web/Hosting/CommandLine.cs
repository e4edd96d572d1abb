namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Splits the command line into an admin verb with its options and the arguments meant for the host
/// (--urls, --environment, configuration overrides), which ASP.NET Core parses as configuration.
/// </summary>
public sealed record CommandLine(string? Verb, IReadOnlyDictionary<string, string> Options, bool SeedDemo, string[] HostArgs)
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string> { "create-user", "seed-demo", "generate-data", "verify-audit", "create-token", "generate-samples", "migrate" };
    private static readonly IReadOnlySet<string> Flags = new HashSet<string> { "password-stdin", "seed-demo" };

    public static CommandLine Parse(string[] args)
    {
        var verb = args.Length > 0 && Verbs.Contains(args[0]) ? args[0] : null;
        var rest = verb is null ? args : args[1..];
        if (verb is null && args.Length > 0 && !args[0].StartsWith('-'))
            throw new ArgumentException($"'{args[0]}' is not a verb. Verbs: {string.Join(", ", Verbs)}.");
        if (verb is null)
        {
            var seed = rest.Contains("--seed-demo");
            return new(null, new Dictionary<string, string>(), seed, rest.Where(a => a != "--seed-demo").ToArray());
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var host = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (!rest[i].StartsWith("--")) throw new ArgumentException($"Unexpected argument '{rest[i]}'.");
            var name = rest[i][2..];
            if (Flags.Contains(name)) { options[name] = "true"; continue; }
            if (i + 1 >= rest.Length) throw new ArgumentException($"Option --{name} needs a value.");
            // Configuration overrides (e.g. --ConnectionStrings:Governance) still go to the host.
            if (name.Contains(':') || name is "environment" or "contentRoot") host.AddRange([rest[i], rest[i + 1]]);
            else options[name] = rest[i + 1];
            i++;
        }
        return new(verb, options, false, host.ToArray());
    }

    public string Require(string option) =>
        Options.TryGetValue(option, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value : throw new ArgumentException($"{Verb} needs --{option}.");
}
