using System.Xml.Linq;
using GovernancePortal.Core.Audit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Moves a key ring kept in a folder (before ADR 0043 the portal wrote <c>data/keys/key-*.xml</c>) into the database,
/// where every instance reads it. Without this, webhook secrets and the attestation key encrypted under the old keys
/// would no longer decrypt, and everyone would be signed out. Runs at start-up before anything reads the key ring;
/// keys already in the database are left alone, so it is safe on every start and on several instances at once.
/// The files stay where they are (an operator deletes them once the database is backed up).
/// </summary>
public static class DataProtectionKeyImport
{
    public const string Action = "DataProtection.KeysImported";

    /// <summary>Returns how many keys were added (0 when the folder is absent or every key is already stored).</summary>
    public static async Task<int> ImportFolderAsync(GovernanceDbContext db, string folder, CancellationToken ct = default)
    {
        if (!Directory.Exists(folder)) return 0;
        // The file repository names each file after the key's friendly name, "key-<id>.xml", as the database repository does.
        var files = Directory.GetFiles(folder, "key-*.xml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return 0;
        var stored = (await db.DataProtectionKeys.AsNoTracking().Select(k => k.FriendlyName).ToListAsync(ct)).ToHashSet();
        var added = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (stored.Contains(name)) continue;
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = xml });
            added.Add(name);
        }
        if (added.Count == 0) return 0;
        db.Actor = Actor.System("data-protection");
        db.AddAuditEvent(new AuditEvent(Action, "DataProtectionKeyRing", "keys", null,
            System.Text.Json.JsonSerializer.Serialize(new { Folder = folder, Keys = added })));
        try
        {
            await db.SaveChangesAsync(ct);
            return added.Count;
        }
        catch (DbUpdateException)
        {
            // Another instance imported the same files first (unique friendly name); the keys are there either way.
            db.ChangeTracker.Clear();
            return 0;
        }
    }
}
