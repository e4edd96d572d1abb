using System.Text;
using System.Text.Json;

namespace GovernancePortal.Core.Data.Instances;

/// <summary>
/// Tells the other instances that something changed, so their live screens and (on the lease holder) the background
/// runner look again (ADR 0043). Implemented over PostgreSQL NOTIFY; SQLite has one instance and registers none.
/// </summary>
public interface IPeerBroadcast
{
    void RegisterChanged(IReadOnlyList<RegisterChange> changes);
    void PromotionChanged(Guid requestId);
}

/// <summary>
/// One notification between instances: who sent it, and either register changes or a promotion request id. Small by
/// design (ids and kinds only; receivers re-read the database) and split so each payload stays under PostgreSQL's
/// 8,000-byte NOTIFY limit.
/// </summary>
public sealed record PeerMessage(Guid Sender, IReadOnlyList<RegisterChange> Changes, Guid? Promotion)
{
    /// <summary>Room left under the 8,000-byte limit for the envelope and the last change.</summary>
    internal const int MaxPayloadBytes = 7_000;

    public static IEnumerable<string> EncodeChanges(Guid sender, IReadOnlyList<RegisterChange> changes)
    {
        var chunk = new List<object?[]>();
        var size = 0;
        foreach (var c in changes)
        {
            object?[] item = c.RelatedId is { } related
                ? [c.EntityType, c.Id, KindCode(c.Kind), related]
                : [c.EntityType, c.Id, KindCode(c.Kind)];
            var itemSize = c.EntityType.Length + (c.RelatedId is null ? 48 : 88);
            if (chunk.Count > 0 && size + itemSize > MaxPayloadBytes)
            {
                yield return JsonSerializer.Serialize(new { s = sender, c = chunk });
                chunk = [];
                size = 0;
            }
            chunk.Add(item);
            size += itemSize;
        }
        if (chunk.Count > 0) yield return JsonSerializer.Serialize(new { s = sender, c = chunk });
    }

    public static string EncodePromotion(Guid sender, Guid requestId) => JsonSerializer.Serialize(new { s = sender, p = requestId });

    /// <summary>Null for anything that is not a well-formed message (a peer of another version, a stray NOTIFY).</summary>
    public static PeerMessage? Decode(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (!root.TryGetProperty("s", out var s) || !s.TryGetGuid(out var sender)) return null;
            if (root.TryGetProperty("p", out var p)) return p.TryGetGuid(out var id) ? new(sender, [], id) : null;
            if (!root.TryGetProperty("c", out var c) || c.ValueKind != JsonValueKind.Array) return null;
            var changes = new List<RegisterChange>(c.GetArrayLength());
            foreach (var item in c.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 3) return null;
                var type = item[0].GetString();
                if (type is null || !item[1].TryGetGuid(out var entityId) || ParseKind(item[2].GetString()) is not { } kind) return null;
                Guid? related = item.GetArrayLength() > 3 && item[3].TryGetGuid(out var r) ? r : null;
                changes.Add(new(type, entityId, kind, related));
            }
            return new(sender, changes, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string KindCode(ChangeKind kind) => kind switch { ChangeKind.Created => "C", ChangeKind.Updated => "U", _ => "D" };

    private static ChangeKind? ParseKind(string? code) => code switch
    {
        "C" => ChangeKind.Created, "U" => ChangeKind.Updated, "D" => ChangeKind.Deleted, _ => null,
    };

    internal static int ByteCount(string payload) => Encoding.UTF8.GetByteCount(payload);
}
