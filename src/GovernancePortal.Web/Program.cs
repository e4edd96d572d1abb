using GovernancePortal.Web.Hosting;

// The same program serves the portal and runs admin verbs (create-user, seed-demo, generate-data, verify-audit).
CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    Console.WriteLine("error: " + ex.Message);
    Console.WriteLine(AdminVerbs.Usage);
    return 2;
}
var builder = WebApplication.CreateBuilder(command.HostArgs);
builder.AddGovernancePortal();
var app = builder.Build();

if (command.Verb is not null)
    return await AdminVerbs.RunAsync(app, command);

await app.PrepareDatabaseAsync(seedDemo: command.SeedDemo || app.Environment.IsDevelopment());
app.UseGovernancePortal();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the integration and browser tests.</summary>
public partial class Program;
