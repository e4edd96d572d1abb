using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Instances;

/// <summary>
/// Upgrading from the key folder (before ADR 0043): the portal imports the old keys into the database at start-up, so
/// what they protected (webhook secrets, the attestation key, sign-in cookies) still decrypts.
/// </summary>
public class KeyImportTests
{
    [Fact]
    [Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)] // the old folder sat beside the SQLite file; on PostgreSQL it was under the shared content root
    public async Task KeysInTheOldFolder_AreImportedOnce_AndStillDecryptWhatTheyProtected()
    {
        await using var factory = new PortalFactory();
        var folder = Path.Combine(Path.GetDirectoryName(factory.DbPath)!, "keys");
        // The portal as it was: keys written to data/keys by the file-system repository.
        var old = DataProtectionProvider.Create(new DirectoryInfo(folder), b => b.SetApplicationName("GovernancePortal"));
        var ciphertext = old.CreateProtector(Core.Features.Webhooks.WebhookService.ProtectorPurpose).Protect("whsec-from-before");
        var keyFiles = Directory.GetFiles(folder, "key-*.xml").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Single(keyFiles);

        factory.CreateClient();

        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Core.Features.Webhooks.WebhookService.ProtectorPurpose);
        Assert.Equal("whsec-from-before", protector.Unprotect(ciphertext));
        await using var db = factory.NewDb();
        Assert.Equal(keyFiles, await db.DataProtectionKeys.Where(k => keyFiles.Contains(k.FriendlyName)).Select(k => k.FriendlyName).ToListAsync());
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == DataProtectionKeyImport.Action);
        Assert.Equal("data-protection", audit.Actor);

        // A second start (or a second instance) finds the keys stored and adds nothing.
        Assert.Equal(0, await DataProtectionKeyImport.ImportFolderAsync(db, folder));
    }
}
