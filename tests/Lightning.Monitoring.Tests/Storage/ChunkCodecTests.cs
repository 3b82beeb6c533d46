using Lightning.Monitoring.Storage.Embedded;

namespace Lightning.Monitoring.Tests.Storage;

public sealed class ChunkCodecTests
{
    const long Second = 1_000_000_000L;
    static readonly long Start = 1_704_067_200L * Second;

    static long[] Regular(int count, long step = Second) => Enumerable.Range(0, count).Select(i => Start + i * step).ToArray();

    static void RoundTripFloats(long[] times, double[] values)
    {
        var chunk = ChunkCodec.EncodeFloats(times, values);
        ChunkCodec.Count(chunk).ShouldBe(times.Length);
        ChunkCodec.IsInteger(chunk).ShouldBeFalse();
        var decodedTimes = new long[times.Length];
        var decodedValues = new double[values.Length];
        ChunkCodec.Decode(chunk, decodedTimes, decodedValues);
        decodedTimes.ShouldBe(times);
        // Bit for bit: NaN payloads, -0.0 and every digit.
        decodedValues.Select(BitConverter.DoubleToInt64Bits).ShouldBe(values.Select(BitConverter.DoubleToInt64Bits));
    }

    static void RoundTripIntegers(long[] times, long[] values)
    {
        var chunk = ChunkCodec.EncodeIntegers(times, values);
        ChunkCodec.Count(chunk).ShouldBe(times.Length);
        ChunkCodec.IsInteger(chunk).ShouldBeTrue();
        var decodedTimes = new long[times.Length];
        var decodedValues = new long[values.Length];
        ChunkCodec.DecodeIntegers(chunk, decodedTimes, decodedValues);
        decodedTimes.ShouldBe(times);
        decodedValues.ShouldBe(values);
        var asDoubles = new double[values.Length];
        ChunkCodec.Decode(chunk, decodedTimes, asDoubles);
        asDoubles.ShouldBe(values.Select(v => (double)v).ToArray());
    }

    [Fact]
    public void Empty_and_one_point_chunks_round_trip()
    {
        RoundTripFloats([], []);
        RoundTripIntegers([], []);
        RoundTripFloats([Start], [42.5]);
        RoundTripFloats([Start], [double.NaN]);
        RoundTripIntegers([Start], [long.MinValue]);
        RoundTripFloats([Start, Start + 1], [1, 2]);
    }

    [Fact]
    public void Random_floats_of_every_kind_round_trip_bit_for_bit()
    {
        var random = new Random(1);
        for (var run = 0; run < 200; run++)
        {
            var count = random.Next(0, 700);
            var times = Regular(count);
            var values = new double[count];
            var style = run % 5;
            for (var i = 0; i < count; i++)
            {
                values[i] = style switch
                {
                    0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)), // any bit pattern, NaN payloads included
                    1 => Math.Round(random.NextDouble() * 100, 2),
                    2 => random.NextDouble() * 1e6,
                    3 => random.Next(-5, 5) * 1e-300,
                    _ => random.Next(0, 3) == 0 ? Math.Round(random.NextDouble() * 1e12) : Math.Round(random.NextDouble(), 4) - 0.5,
                };
            }
            RoundTripFloats(times, values);
        }
    }

    [Fact]
    public void Special_floats_round_trip_in_decimal_and_xor_chunks()
    {
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001L), 9_007_199_254_740_993d, 0.1 + 0.2];
        // Alone (an XOR chunk), and sprinkled into decimal data (exceptions of a decimal chunk).
        RoundTripFloats(Regular(specials.Length), specials);
        var values = Enumerable.Range(0, 2000).Select(i => Math.Round(50 + Math.Sin(i / 10.0) * 20, 2)).ToArray();
        for (var i = 0; i < specials.Length; i++) values[i * 150 + 7] = specials[i];
        RoundTripFloats(Regular(values.Length), values);
    }

    [Fact]
    public void Integer_extremes_and_random_integers_round_trip()
    {
        RoundTripIntegers(Regular(6), [long.MinValue, long.MaxValue, 0, -1, long.MaxValue, long.MinValue]);
        RoundTripIntegers([long.MaxValue, long.MinValue, 0, long.MaxValue], [1, 2, 3, 4]);
        var random = new Random(2);
        for (var run = 0; run < 100; run++)
        {
            var count = random.Next(0, 1000);
            var values = new long[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = (run % 4) switch
                {
                    0 => random.NextInt64(long.MinValue, long.MaxValue),
                    1 => random.Next(-8, 9) * 4096L + (i > 0 ? values[i - 1] : 2_000_000_000L),
                    2 => (i > 0 ? values[i - 1] : 0) + random.Next(0, 200_000),
                    _ => random.Next(0, 2),
                };
            }
            RoundTripIntegers(Regular(count), values);
        }
    }

    [Fact]
    public void Irregular_and_out_of_order_times_round_trip()
    {
        var random = new Random(3);
        var irregular = new long[1000];
        irregular[0] = Start;
        for (var i = 1; i < irregular.Length; i++) irregular[i] = irregular[i - 1] + random.NextInt64(1, 10 * Second);
        RoundTripFloats(irregular, irregular.Select(t => (double)(t % 1000)).ToArray());
        var shuffled = irregular.OrderBy(_ => random.Next()).ToArray();
        RoundTripIntegers(shuffled, shuffled.Select(t => t / 7).ToArray());
        RoundTripFloats([Start, Start, Start - 1, long.MinValue, long.MaxValue], [1.5, 1.5, -2, 3, 4]);
    }

    [Fact]
    public void Regular_host_metrics_pack_into_a_few_bits_per_point()
    {
        // 1 s samples for an hour: two-decimal percentages in a random walk, and page-sized memory steps.
        var random = new Random(4);
        var times = Regular(3600);
        var cpu = new double[times.Length];
        var memory = new long[times.Length];
        double level = 40;
        long used = 2_000_000_000;
        for (var i = 0; i < times.Length; i++)
        {
            level = Math.Clamp(level + (random.NextDouble() - 0.5) * 4, 0, 100);
            cpu[i] = Math.Round(level, 2);
            used += random.Next(-8, 9) * 4096L;
            memory[i] = used;
        }
        var cpuBytes = ChunkCodec.EncodeFloats(times, cpu).Length;
        var memoryBytes = ChunkCodec.EncodeIntegers(times, memory).Length;
        // Entropy: the cpu step has ~400 values (~8.6 bits), the memory step 17 (~4.1 bits); timestamps cost ~0.
        ((double)cpuBytes / times.Length).ShouldBeLessThan(1.3);
        ((double)memoryBytes / times.Length).ShouldBeLessThan(0.7);
        ChunkCodec.EncodeIntegers(times, new long[times.Length]).Length.ShouldBeLessThan(150); // ~0.04 bytes a point: block headers only
    }

    [Fact]
    public void Full_precision_floats_fall_back_to_xor_and_stay_under_raw_size()
    {
        var random = new Random(5);
        var times = Regular(1000);
        var values = Enumerable.Range(0, 1000).Select(_ => 97 + random.NextDouble()).ToArray();
        RoundTripFloats(times, values);
        ChunkCodec.EncodeFloats(times, values).Length.ShouldBeLessThan(8 * 1000);
        var constant = Enumerable.Repeat(Math.PI, 1000).ToArray();
        ChunkCodec.EncodeFloats(times, constant).Length.ShouldBeLessThan(200);
    }

    [Fact]
    public void A_damaged_chunk_fails_with_a_clear_error()
    {
        var chunk = ChunkCodec.EncodeFloats(Regular(100), Enumerable.Range(0, 100).Select(i => i * 0.5).ToArray());
        var truncated = chunk[..(chunk.Length / 2)];
        Should.Throw<InvalidDataException>(() => ChunkCodec.Decode(truncated, new long[100], new double[100]));
        var wrongVersion = (byte[])chunk.Clone();
        wrongVersion[0] = 99;
        Should.Throw<InvalidDataException>(() => ChunkCodec.Count(wrongVersion));
        Should.Throw<InvalidOperationException>(() => ChunkCodec.DecodeIntegers(chunk, new long[100], new long[100]));
    }
}
