using System.Buffers.Binary;
using System.Numerics;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// Encodes one series' points of one time window (a compacted chunk) into a small blob, losslessly.
/// <list type="bullet">
/// <item>Timestamps and integer values: the sequence, its deltas or its deltas of deltas (whichever packs smallest),
/// in blocks of 128 with a frame of reference, a common divisor and a bit width per block. Regular 1 s timestamps cost
/// a few bits per block; a gauge moving in page-sized steps costs the bits of its step count.</item>
/// <item>Floats: when (nearly) every value is a decimal with few digits (42.17, 3, 0.005), the values scaled to
/// integers go through the integer packing (delta or delta of delta), with the rest (NaN, ±Inf, -0.0, long fractions)
/// kept raw as exceptions; otherwise Gorilla XOR of consecutive values. Both are tried and the smaller is kept.</item>
/// </list>
/// Layout (one bit stream, least significant bit first): version (8 bits), kind (2 bits: integer, decimal, XOR),
/// count (varint), timestamps (integer packing), values.
/// </summary>
internal static class ChunkCodec
{
    const int Version = 1;
    const int BlockSize = 128;
    const int MaxExponent = 18;
    const int KindInteger = 0;
    const int KindDecimal = 1;
    const int KindXor = 2;

    static readonly double[] Pow10 = Enumerable.Range(0, MaxExponent + 1).Select(e => Math.Pow(10, e)).ToArray();

    public static byte[] EncodeIntegers(ReadOnlySpan<long> times, ReadOnlySpan<long> values)
    {
        if (times.Length != values.Length) throw new ArgumentException("One value per timestamp.", nameof(values));
        var writer = Header(KindInteger, times);
        WriteIntegers(writer, values);
        return writer.ToArray();
    }

    public static byte[] EncodeFloats(ReadOnlySpan<long> times, ReadOnlySpan<double> values)
    {
        if (times.Length != values.Length) throw new ArgumentException("One value per timestamp.", nameof(values));
        var xor = Header(KindXor, times);
        WriteXor(xor, values);
        if (DecimalExponent(values) is not { } exponent) return xor.ToArray();
        var scaled = Header(KindDecimal, times);
        WriteDecimal(scaled, values, exponent);
        return scaled.Length < xor.Length ? scaled.ToArray() : xor.ToArray();
    }

    /// <summary>The number of points in a chunk.</summary>
    public static int Count(ReadOnlySpan<byte> chunk)
    {
        var reader = new BitReader(chunk);
        ReadHeader(ref reader, out _, out var count);
        return count;
    }

    /// <summary>Whether the chunk holds integers (exact through <see cref="DecodeIntegers"/>).</summary>
    public static bool IsInteger(ReadOnlySpan<byte> chunk)
    {
        var reader = new BitReader(chunk);
        ReadHeader(ref reader, out var kind, out _);
        return kind == KindInteger;
    }

    /// <summary>Decodes every point; integers come out as doubles. The spans must hold <see cref="Count"/> items.</summary>
    public static void Decode(ReadOnlySpan<byte> chunk, Span<long> times, Span<double> values)
    {
        var reader = new BitReader(chunk);
        ReadHeader(ref reader, out var kind, out var count);
        times = times[..count];
        values = values[..count];
        ReadIntegers(ref reader, times);
        switch (kind)
        {
            case KindInteger:
            {
                var integers = count <= 4096 ? stackalloc long[count] : new long[count];
                ReadIntegers(ref reader, integers);
                for (var i = 0; i < count; i++) values[i] = integers[i];
                break;
            }
            case KindDecimal:
                ReadDecimal(ref reader, values);
                break;
            case KindXor:
                ReadXor(ref reader, values);
                break;
            default:
                throw Corrupt("unknown value kind");
        }
    }

    /// <summary>Decodes an integer chunk exactly.</summary>
    public static void DecodeIntegers(ReadOnlySpan<byte> chunk, Span<long> times, Span<long> values)
    {
        var reader = new BitReader(chunk);
        ReadHeader(ref reader, out var kind, out var count);
        if (kind != KindInteger) throw new InvalidOperationException("The chunk holds floats, not integers.");
        ReadIntegers(ref reader, times[..count]);
        ReadIntegers(ref reader, values[..count]);
    }

    static BitWriter Header(int kind, ReadOnlySpan<long> times)
    {
        var writer = new BitWriter(64 + times.Length * 2);
        writer.Write(Version, 8);
        writer.Write((ulong)kind, 2);
        writer.WriteVarint((ulong)times.Length);
        WriteIntegers(writer, times);
        return writer;
    }

    static void ReadHeader(ref BitReader reader, out int kind, out int count)
    {
        if (reader.Read(8) != Version) throw Corrupt("unknown format version");
        kind = (int)reader.Read(2);
        var n = reader.ReadVarint();
        if (n > int.MaxValue) throw Corrupt("count out of range");
        count = (int)n;
    }

    // ---- integers: raw, delta or delta-of-delta, packed in blocks ----

    static void WriteIntegers(BitWriter writer, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        var residual = new long[values.Length];
        var bestOrder = 0;
        var bestCost = long.MaxValue;
        for (var order = 0; order <= Math.Min(2, values.Length - 1); order++)
        {
            var heads = Transform(values, order, residual);
            var cost = PackedBits(residual.AsSpan(heads));
            if (cost < bestCost)
            {
                bestCost = cost;
                bestOrder = order;
            }
        }
        writer.Write((ulong)bestOrder, 2);
        var headCount = Transform(values, bestOrder, residual);
        for (var i = 0; i < headCount; i++) writer.WriteVarint(ZigZag(residual[i]));
        var rest = residual.AsSpan(headCount);
        for (var start = 0; start < rest.Length; start += BlockSize) WriteBlock(writer, rest.Slice(start, Math.Min(BlockSize, rest.Length - start)));
    }

    static void ReadIntegers(ref BitReader reader, scoped Span<long> values)
    {
        if (values.IsEmpty) return;
        var order = (int)reader.Read(2);
        if (order > 2) throw Corrupt("unknown integer order");
        var heads = Math.Min(order, values.Length);
        for (var i = 0; i < heads; i++) values[i] = UnZigZag(reader.ReadVarint());
        for (var start = heads; start < values.Length; start += BlockSize) ReadBlock(ref reader, values.Slice(start, Math.Min(BlockSize, values.Length - start)));
        // Undo the transform in place (wrapping arithmetic, so extremes round-trip).
        unchecked
        {
            if (order == 2 && values.Length > 1)
            {
                var delta = values[1];
                values[1] = values[0] + delta;
                for (var i = 2; i < values.Length; i++)
                {
                    delta += values[i];
                    values[i] = values[i - 1] + delta;
                }
            }
            else if (order == 1)
            {
                for (var i = 1; i < values.Length; i++) values[i] += values[i - 1];
            }
        }
    }

    /// <summary>Fills <paramref name="residual"/>: the first <c>order</c> items are heads (first value, first delta), the rest the residual stream.</summary>
    static int Transform(ReadOnlySpan<long> values, int order, long[] residual)
    {
        unchecked
        {
            switch (order)
            {
                case 0:
                    values.CopyTo(residual);
                    return 0;
                case 1:
                    residual[0] = values[0];
                    for (var i = 1; i < values.Length; i++) residual[i] = values[i] - values[i - 1];
                    return 1;
                default:
                    residual[0] = values[0];
                    residual[1] = values[1] - values[0];
                    for (var i = 2; i < values.Length; i++) residual[i] = (values[i] - values[i - 1]) - (values[i - 1] - values[i - 2]);
                    return 2;
            }
        }
    }

    static long PackedBits(ReadOnlySpan<long> residual)
    {
        var bits = 0L;
        for (var start = 0; start < residual.Length; start += BlockSize)
        {
            var block = residual.Slice(start, Math.Min(BlockSize, residual.Length - start));
            var (min, divisor, width) = Frame(block);
            bits += 7 + 8 * VarintBytes(ZigZag(min)) + (width > 0 ? 8 * VarintBytes(divisor) : 0) + (long)width * block.Length;
        }
        return bits;
    }

    /// <summary>A block's frame: its minimum, the greatest common divisor of every value's distance from it, and the bits one scaled distance needs.</summary>
    static (long Min, ulong Divisor, int Width) Frame(ReadOnlySpan<long> block)
    {
        var min = long.MaxValue;
        foreach (var value in block) min = Math.Min(min, value);
        ulong divisor = 0;
        ulong max = 0;
        foreach (var value in block)
        {
            var distance = unchecked((ulong)(value - min));
            divisor = Gcd(divisor, distance);
            max = Math.Max(max, distance);
        }
        if (max == 0) return (min, 0, 0);
        return (min, divisor, 64 - BitOperations.LeadingZeroCount(max / divisor));
    }

    static void WriteBlock(BitWriter writer, ReadOnlySpan<long> block)
    {
        var (min, divisor, width) = Frame(block);
        writer.Write((ulong)width, 7);
        writer.WriteVarint(ZigZag(min));
        if (width == 0) return;
        writer.WriteVarint(divisor);
        foreach (var value in block) writer.Write(unchecked((ulong)(value - min)) / divisor, width);
    }

    static void ReadBlock(ref BitReader reader, scoped Span<long> block)
    {
        var width = (int)reader.Read(7);
        if (width > 64) throw Corrupt("bit width out of range");
        var min = UnZigZag(reader.ReadVarint());
        if (width == 0)
        {
            block.Fill(min);
            return;
        }
        var divisor = reader.ReadVarint();
        unchecked
        {
            for (var i = 0; i < block.Length; i++) block[i] = min + (long)(reader.Read(width) * divisor);
        }
    }

    // ---- floats: decimals scaled to integers, with raw exceptions ----

    /// <summary>The exponent that turns (nearly) every value into an integer exactly, or null when too many values have no short decimal form.</summary>
    static int? DecimalExponent(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return null;
        Span<int> histogram = stackalloc int[MaxExponent + 2];
        foreach (var value in values) histogram[MinimalExponent(value) is { } e ? e : MaxExponent + 1]++;
        // The smallest exponent that leaves at most 1/64 of the values (at least 1) as exceptions; a chunk with more is not decimal.
        var allowed = Math.Max(1, values.Length / 64);
        var above = values.Length;
        for (var e = 0; e <= MaxExponent; e++)
        {
            above -= histogram[e];
            if (above <= allowed && above < values.Length) return e;
        }
        return null;
    }

    /// <summary>The fewest decimal digits after the point with which <paramref name="value"/> scales to an integer and back bit for bit.</summary>
    static int? MinimalExponent(double value)
    {
        for (var e = 0; e <= MaxExponent; e++)
            if (TryScale(value, e, out _)) return e;
        return null;
    }

    static bool TryScale(double value, int exponent, out long scaled)
    {
        scaled = 0;
        if (!double.IsFinite(value)) return false;
        var product = value * Pow10[exponent];
        if (Math.Abs(product) >= 9_007_199_254_740_992d) return false; // 2^53: beyond it integers are not exact doubles
        var rounded = Math.Round(product);
        scaled = (long)rounded;
        return BitConverter.DoubleToInt64Bits(scaled / Pow10[exponent]) == BitConverter.DoubleToInt64Bits(value);
    }

    static void WriteDecimal(BitWriter writer, ReadOnlySpan<double> values, int exponent)
    {
        var scaled = new long[values.Length];
        var exceptions = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (TryScale(values[i], exponent, out var m))
            {
                scaled[i] = m;
                continue;
            }
            exceptions.Add(i);
            scaled[i] = i > 0 ? scaled[i - 1] : 0; // a placeholder that keeps the deltas small
        }
        writer.Write((ulong)exponent, 5);
        writer.WriteVarint((ulong)exceptions.Count);
        var previous = 0;
        foreach (var index in exceptions)
        {
            writer.WriteVarint((ulong)(index - previous));
            writer.Write((ulong)BitConverter.DoubleToInt64Bits(values[index]), 64);
            previous = index;
        }
        WriteIntegers(writer, scaled);
    }

    static void ReadDecimal(ref BitReader reader, Span<double> values)
    {
        var exponent = (int)reader.Read(5);
        if (exponent > MaxExponent) throw Corrupt("decimal exponent out of range");
        var exceptionCount = reader.ReadVarint();
        if (exceptionCount > (ulong)values.Length) throw Corrupt("too many exceptions");
        var exceptions = new (int Index, double Value)[(int)exceptionCount];
        var index = 0UL;
        for (var i = 0; i < exceptions.Length; i++)
        {
            index += reader.ReadVarint();
            if (index >= (ulong)values.Length) throw Corrupt("exception index out of range");
            exceptions[i] = ((int)index, BitConverter.Int64BitsToDouble((long)reader.Read(64)));
        }
        var scaled = values.Length <= 4096 ? stackalloc long[values.Length] : new long[values.Length];
        ReadIntegers(ref reader, scaled);
        var divisor = Pow10[exponent];
        for (var i = 0; i < values.Length; i++) values[i] = scaled[i] / divisor;
        foreach (var (at, value) in exceptions) values[at] = value;
    }

    // ---- floats: Gorilla XOR ----

    static void WriteXor(BitWriter writer, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        var previous = (ulong)BitConverter.DoubleToInt64Bits(values[0]);
        writer.Write(previous, 64);
        var leading = -1;
        var trailing = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(values[i]);
            var xor = bits ^ previous;
            previous = bits;
            if (xor == 0)
            {
                writer.Write(0, 1);
                continue;
            }
            writer.Write(1, 1);
            var lz = Math.Min(63, BitOperations.LeadingZeroCount(xor));
            var tz = BitOperations.TrailingZeroCount(xor);
            if (leading >= 0 && lz >= leading && tz >= trailing)
            {
                // Fits the previous window of meaningful bits.
                writer.Write(0, 1);
                writer.Write(xor >> trailing, 64 - leading - trailing);
                continue;
            }
            leading = lz;
            trailing = tz;
            var length = 64 - lz - tz;
            writer.Write(1, 1);
            writer.Write((ulong)lz, 6);
            writer.Write((ulong)(length - 1), 6);
            writer.Write(xor >> tz, length);
        }
    }

    static void ReadXor(ref BitReader reader, Span<double> values)
    {
        if (values.IsEmpty) return;
        var previous = reader.Read(64);
        values[0] = BitConverter.Int64BitsToDouble((long)previous);
        var leading = 0;
        var trailing = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (reader.Read(1) != 0)
            {
                if (reader.Read(1) != 0)
                {
                    leading = (int)reader.Read(6);
                    var length = (int)reader.Read(6) + 1;
                    trailing = 64 - leading - length;
                    if (trailing < 0) throw Corrupt("XOR window out of range");
                }
                previous ^= reader.Read(64 - leading - trailing) << trailing;
            }
            values[i] = BitConverter.Int64BitsToDouble((long)previous);
        }
    }

    // ---- helpers ----

    static ulong ZigZag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    static long UnZigZag(ulong value) => unchecked((long)(value >> 1) ^ -(long)(value & 1));

    static int VarintBytes(ulong value) => Math.Max(1, (64 - BitOperations.LeadingZeroCount(value) + 6) / 7);

    static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    static InvalidDataException Corrupt(string what) => new($"A compacted metric chunk is corrupt ({what}).");

    sealed class BitWriter(int capacity)
    {
        byte[] _buffer = new byte[Math.Max(16, capacity)];
        int _length;
        ulong _pending;
        int _pendingBits;

        public int Length => _length * 8 + _pendingBits;

        public void Write(ulong value, int count)
        {
            if (count == 0) return;
            if (count < 64) value &= (1UL << count) - 1;
            _pending |= value << _pendingBits;
            var free = 64 - _pendingBits;
            if (count < free)
            {
                _pendingBits += count;
                return;
            }
            Flush(_pending);
            _pending = free == 64 ? 0 : value >> free;
            _pendingBits = count - free;
        }

        public void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                Write((value & 0x7F) | 0x80, 8);
                value >>= 7;
            }
            Write(value, 8);
        }

        void Flush(ulong word)
        {
            if (_length + 8 > _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), word);
            _length += 8;
        }

        public byte[] ToArray()
        {
            var tail = (_pendingBits + 7) / 8;
            var result = new byte[_length + tail];
            _buffer.AsSpan(0, _length).CopyTo(result);
            for (var i = 0; i < tail; i++) result[_length + i] = (byte)(_pending >> (8 * i));
            return result;
        }
    }

    ref struct BitReader(ReadOnlySpan<byte> data)
    {
        readonly ReadOnlySpan<byte> _data = data;
        int _position;
        ulong _pending;
        int _pendingBits;

        public ulong Read(int count)
        {
            if (count == 0) return 0;
            if (_pendingBits >= count)
            {
                var value = count == 64 ? _pending : _pending & ((1UL << count) - 1);
                _pending = count == 64 ? 0 : _pending >> count;
                _pendingBits -= count;
                return value;
            }
            var result = _pending;
            var have = _pendingBits;
            Refill();
            var need = count - have;
            if (_pendingBits < need) throw Corrupt("truncated");
            result |= (need == 64 ? _pending : _pending & ((1UL << need) - 1)) << have;
            _pending = need == 64 ? 0 : _pending >> need;
            _pendingBits -= need;
            return result;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = Read(8);
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw Corrupt("varint too long");
        }

        void Refill()
        {
            var available = _data.Length - _position;
            if (available >= 8)
            {
                _pending = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
                _position += 8;
                _pendingBits = 64;
                return;
            }
            _pending = 0;
            for (var i = 0; i < available; i++) _pending |= (ulong)_data[_position + i] << (8 * i);
            _position += available;
            _pendingBits = available * 8;
        }
    }
}
