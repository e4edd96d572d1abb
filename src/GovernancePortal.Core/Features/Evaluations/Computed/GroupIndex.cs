using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// The distinct values of one column, numbered 0, 1, 2… in the order first seen, looked up by span: the predictions
/// scan's per-row group lookup (one per sensitive column per row). A small open-addressing table specialised for it,
/// because the general <see cref="Dictionary{TKey,TValue}"/> alternate lookup (comparer interface, shared generic code,
/// a character-by-character hash) was most of the scan's cost beyond Sep's own read (docs/benchmarks.md).
/// A value of up to 16 characters is held as its length and four overlapping 8-byte reads that together cover every
/// character, so a probe compares five integers and never the characters; longer values (rare in a group column) are
/// compared in full. The hash mixes those reads with a per-index random seed; should a file still produce long probe
/// chains (values crafted to collide), the index moves for good to a <see cref="Dictionary{TKey,TValue}"/>, whose
/// string hashing randomises itself, so no file can make a lookup cost more than a bounded number of probes.
/// In front of the table sits a direct-mapped cache of values already seen, placed and confirmed by the value's length
/// and up to four 8-byte reads (the whole value up to 16 characters; longer ones are then compared in full):
/// a group column has few values, so nearly every row is answered there without the table's hash and probe
/// (docs/benchmarks.md). A cache miss, whatever its cause, only adds the table lookup. One-character ASCII values
/// (F/M/X, 0/1) are answered by a 128-entry table before either.
/// </summary>
internal sealed class GroupIndex
{
    private const int MaxProbes = 16;
    private const int PackedLength = 16;
    private const int RecentBits = 6;

    private struct Slot
    {
        public ulong K0, K1, K2, K3;
        public int Length;
        public int Number; // value number + 1; 0: empty
    }

    // A value seen before, as its length and up to four 8-byte reads (at 0, n-4, 4 and n-8: every character up to 16;
    // up to three characters packed one by one), plus the value itself for longer ones. Length -1: empty entry.
    private struct Recent
    {
        public ulong Head, Tail, Mid1, Mid2;
        public int Length, Number;
        public string Value;
    }

    private readonly List<string> values = [];
    private readonly ulong seed0 = (ulong)Random.Shared.NextInt64() | 1, seed1 = (ulong)Random.Shared.NextInt64() | 1;
    private Slot[] slots = new Slot[16];
    private Dictionary<string, int>? fallback;
    private readonly Recent[] recent = NewRecent();
    private readonly short[] single = new short[128]; // value number + 1 of each one-character ASCII value; 0: not added

    public int Count => values.Count;

    /// <summary>The values in the order of their numbers.</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>
    /// The value's number when the one-character table or the cache of values seen answers it, else -1 (then ask
    /// <see cref="Find"/>). Calls nothing, so the scan's loop can inline it without keeping its values across a call;
    /// values over 16 characters always answer -1 here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindRecent(ReadOnlySpan<char> value)
    {
        var n = value.Length;
        ref var c = ref MemoryMarshal.GetReference(value);
        // One ASCII character (F/M/X, 0/1: common in group columns) straight from a table; c < 128 = its length.
        if (n == 1 && c < 128 && Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(single), c) is var known && known != 0)
            return known - 1;
        if (n > PackedLength) return -1;
        ref var entry = ref RecentEntry(ref c, n, out var head, out var tail, out var mid1, out var mid2);
        return (((entry.Head ^ head) | (entry.Tail ^ tail) | (entry.Mid1 ^ mid1) | (entry.Mid2 ^ mid2)) == 0) & (entry.Length == n)
            ? entry.Number : -1;
    }

    /// <summary>The value's number, or -1 when it has not been added.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Find(ReadOnlySpan<char> value)
    {
        var n = value.Length;
        ref var entry = ref RecentEntry(ref MemoryMarshal.GetReference(value), n, out var head, out var tail, out var mid1, out var mid2);
        if ((((entry.Head ^ head) | (entry.Tail ^ tail) | (entry.Mid1 ^ mid1) | (entry.Mid2 ^ mid2)) == 0) & (entry.Length == n)
            && (n <= PackedLength || value.SequenceEqual(entry.Value)))
            return entry.Number;
        var number = FindInTable(value);
        if (number >= 0) entry = new Recent { Head = head, Tail = tail, Mid1 = mid1, Mid2 = mid2, Length = n, Number = number, Value = values[number] };
        return number;
    }

    /// <summary>
    /// The cache entry a value of <paramref name="n"/> characters from <paramref name="c"/> belongs in, and the up to four
    /// 8-byte reads that (with the length) identify it: at 0, n-4, and for n > 8 at 4 and n-8, every character up to 16;
    /// up to three characters packed one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Recent RecentEntry(ref char c, int n, out ulong head, out ulong tail, out ulong mid1, out ulong mid2)
    {
        tail = mid1 = mid2 = 0;
        if (n >= 4)
        {
            // Every read lies within the value's n characters.
            ref var b = ref Unsafe.As<char, byte>(ref c);
            head = Unsafe.ReadUnaligned<ulong>(ref b);
            tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 2 * (n - 4)));
            if (n > 8)
            {
                mid1 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8));
                mid2 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 2 * (n - 8)));
            }
        }
        else
        {
            head = n > 0 ? c : 0UL;
            if (n > 1) head |= (ulong)Unsafe.Add(ref c, 1) << 16;
            if (n > 2) head |= (ulong)Unsafe.Add(ref c, 2) << 32;
        }
        // One multiply into the top bits. Not seeded: values that collide here only miss the cache and go to the
        // (seeded, bounded) table.
        var mixed = head ^ BitOperations.RotateLeft(tail, 17) ^ mid1 ^ BitOperations.RotateLeft(mid2, 41) ^ (ulong)n;
        var slot = (int)((mixed * 0x9E3779B97F4A7C15UL) >> (64 - RecentBits));
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(recent), slot); // slot < 2^RecentBits
    }

    private static Recent[] NewRecent()
    {
        var entries = new Recent[1 << RecentBits];
        for (var i = 0; i < entries.Length; i++) entries[i] = new Recent { Length = -1, Value = "" };
        return entries;
    }

    private int FindInTable(ReadOnlySpan<char> value)
    {
        if (fallback is not null) return fallback.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var n) ? n : -1;
        var key = Pack(value);
        var table = slots;
        var mask = table.Length - 1;
        var at = (int)Hash(key, value) & mask;
        for (var probes = 0; probes < MaxProbes; probes++, at = (at + 1) & mask)
        {
            ref var slot = ref table[at];
            if (slot.Number == 0) return -1;
            if (slot.Length == key.Length && slot.K0 == key.K0 && slot.K1 == key.K1 && slot.K2 == key.K2 && slot.K3 == key.K3
                && (value.Length <= PackedLength || value.SequenceEqual(values[slot.Number - 1])))
                return slot.Number - 1;
        }
        // A chain this long in a table at most half full means colliding values: leave the seeded hash for good.
        UseDictionary();
        return FindInTable(value);
    }

    /// <summary>Adds a value <see cref="Find"/> did not find and answers its number.</summary>
    public int Add(ReadOnlySpan<char> value)
    {
        var number = values.Count;
        values.Add(value.ToString());
        if (value.Length == 1 && value[0] < 128 && number < short.MaxValue) single[value[0]] = (short)(number + 1);
        if (fallback is not null) fallback[values[number]] = number;
        else if (values.Count * 2 > slots.Length) Rebuild(slots.Length * 2);
        else Insert(number);
        return number;
    }

    private void Insert(int number)
    {
        var value = values[number].AsSpan();
        var key = Pack(value);
        var mask = slots.Length - 1;
        var at = (int)Hash(key, value) & mask;
        for (var probes = 0; slots[at].Number != 0; probes++, at = (at + 1) & mask)
            if (probes == MaxProbes)
            {
                UseDictionary();
                return;
            }
        key.Number = number + 1;
        slots[at] = key;
    }

    private void Rebuild(int size)
    {
        slots = new Slot[size];
        for (var i = 0; i < values.Count && fallback is null; i++) Insert(i);
    }

    private void UseDictionary()
    {
        if (fallback is not null) return;
        fallback = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++) fallback[values[i]] = i;
        slots = [];
    }

    /// <summary>
    /// Length and four 8-byte reads: for 4 to 16 characters at offsets 0, min(4, n−4), max(n−8, 0) and n−4, which
    /// together cover every character (so equal keys mean equal values); 1 to 3 characters packed into the first;
    /// longer values the first 16 characters' reads (the caller then compares in full).
    /// </summary>
    private static Slot Pack(ReadOnlySpan<char> value)
    {
        var n = value.Length;
        var key = new Slot { Length = n };
        if (n < 4)
        {
            for (var i = 0; i < n; i++) key.K0 |= (ulong)value[i] << (16 * i);
            return key;
        }
        var m = Math.Min(n, PackedLength);
        ref var start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(value));
        // Every offset + 4 characters stays within the first m ≤ n characters.
        key.K0 = Unsafe.ReadUnaligned<ulong>(ref start);
        key.K1 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, 2 * Math.Min(4, m - 4)));
        key.K2 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, 2 * Math.Max(m - 8, 0)));
        key.K3 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, 2 * (m - 4)));
        return key;
    }

    // Independent multiplies (they run in parallel, unlike a character-by-character chain), seeded, folded to 32 bits.
    private ulong Hash(in Slot key, ReadOnlySpan<char> value)
    {
        var h = ((key.K0 ^ seed0) * 0x9E3779B97F4A7C15UL) + ((key.K3 ^ seed1) * 0xC2B2AE3D27D4EB4FUL)
            + ((key.K1 + key.K2 + (ulong)key.Length) * 0x165667B19E3779F9UL);
        if (value.Length > PackedLength) h += (ulong)string.GetHashCode(value[PackedLength..]);
        return h ^ (h >> 29) ^ (h >> 47);
    }
}
