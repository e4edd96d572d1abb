namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Counts per logarithmic bucket key for one sign of a <see cref="ValueSketch"/>: a dense array over the keys seen,
/// never wider than <see cref="MaxBuckets"/>. When a new key would widen it further, the lowest keys (the smallest
/// magnitudes) are folded into the lowest kept bucket, as DDSketch's collapsing-lowest store does: large magnitudes keep
/// their relative accuracy, the tiniest lose it. That cap is what makes the sketch's memory independent of its count.
/// </summary>
internal sealed class LogBucketStore
{
    public const int MaxBuckets = 2048;
    private const int InitialLength = 128;

    private long[] _counts = [];
    private int _offset;                 // key held by _counts[0]
    private int _minKey = int.MaxValue;  // range of keys that may hold counts
    private int _maxKey = int.MinValue;

    public bool IsEmpty => _maxKey < _minKey;
    public int MinKey => _minKey;
    public int MaxKey => _maxKey;
    public long this[int key] => key < _minKey || key > _maxKey ? 0 : _counts[key - _offset];

    public void Add(int key, long count)
    {
        if (key < _minKey || key > _maxKey) key = Extend(key);
        _counts[key - _offset] += count;
    }

    public void AddAll(LogBucketStore other)
    {
        if (other.IsEmpty) return;
        for (var k = other._minKey; k <= other._maxKey; k++)
            if (other[k] is var c and > 0) Add(k, c);
    }

    public int BucketCount => IsEmpty ? 0 : _maxKey - _minKey + 1;

    public LogBucketStore Clone()
    {
        var copy = new LogBucketStore();
        copy.AddAll(this);
        return copy;
    }

    /// <summary>Makes room for <paramref name="key"/>; answers the key its count goes to (a collapsed one may move up).</summary>
    private int Extend(int key)
    {
        if (IsEmpty)
        {
            if (_counts.Length == 0) _counts = new long[InitialLength];
            _offset = key - _counts.Length / 2;
            _minKey = _maxKey = key;
            return key;
        }
        var newMin = Math.Min(_minKey, key);
        var newMax = Math.Max(_maxKey, key);
        if ((long)newMax - newMin + 1 > MaxBuckets)
        {
            var floor = newMax - MaxBuckets + 1;
            long folded = 0;
            for (var k = _minKey; k < floor && k <= _maxKey; k++)
            {
                folded += _counts[k - _offset];
                _counts[k - _offset] = 0;
            }
            newMin = floor;
            key = Math.Max(key, floor);
            Ensure(newMin, newMax);
            _counts[floor - _offset] += folded;
        }
        else Ensure(newMin, newMax);
        _minKey = newMin;
        _maxKey = newMax;
        return key;
    }

    private void Ensure(int lo, int hi)
    {
        if (lo >= _offset && hi < _offset + _counts.Length) return;
        var span = hi - lo + 1;
        var length = Math.Min(MaxBuckets, Math.Max(span, _counts.Length * 2));
        var offset = lo - (length - span) / 2;
        var grown = new long[length];
        for (var k = Math.Max(_minKey, lo); k <= Math.Min(_maxKey, hi); k++) grown[k - offset] = _counts[k - _offset];
        _counts = grown;
        _offset = offset;
    }
}
