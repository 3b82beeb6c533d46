using System.Globalization;
using System.Text;
using Lightning.Monitoring.Model;

namespace Lightning.Benchmarks.MetricStore;

/// <summary>
/// Host-metrics-like data, the same for both stores: <c>cpu</c> usage per host and core (float %, two decimals, a noisy
/// random walk), <c>mem</c> used bytes per host (integer, page-sized steps) and <c>net</c> received bytes per host (an
/// integer counter), one point per series per second. Seeded, so both sides get identical values.
/// </summary>
internal sealed class HostMetricsGenerator(int hosts, int cores, long startSeconds, int seconds)
{
    public int CpuSeries => hosts * cores;

    public int Series => hosts * cores + 2 * hosts;

    public long Points => (long)Series * seconds;

    public long StartSeconds => startSeconds;

    public long EndSeconds => startSeconds + seconds;

    public static string Host(int index) => "h" + index.ToString("00", CultureInfo.InvariantCulture);

    public static string Core(int index) => "cpu" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Each point in time order, <paramref name="secondsPerChunk"/> seconds of every series at a time.</summary>
    public IEnumerable<Chunk> Chunks(int secondsPerChunk)
    {
        var random = new Random(42);
        var cpu = new double[CpuSeries];
        for (var i = 0; i < cpu.Length; i++) cpu[i] = 10 + random.NextDouble() * 40;
        var memory = Enumerable.Range(0, hosts).Select(_ => 2_000_000_000L + random.Next(0, 1_000_000) * 4096L).ToArray();
        var network = new long[hosts];
        for (var start = 0; start < seconds; start += secondsPerChunk)
        {
            var count = Math.Min(secondsPerChunk, seconds - start);
            var chunk = new Chunk(count * Series);
            for (var s = start; s < start + count; s++)
            {
                var time = startSeconds + s;
                for (var i = 0; i < cpu.Length; i++)
                {
                    cpu[i] = Math.Clamp(cpu[i] + (random.NextDouble() - 0.5) * 4, 0, 100);
                    chunk.Add(0, i, time, Math.Round(cpu[i], 2), 0);
                }
                for (var h = 0; h < hosts; h++)
                {
                    memory[h] += random.Next(-8, 9) * 4096L;
                    chunk.Add(1, h, time, 0, memory[h]);
                    network[h] += random.Next(0, 200_000);
                    chunk.Add(2, h, time, 0, network[h]);
                }
            }
            yield return chunk;
        }
    }

    /// <summary>One chunk's rows: kind 0 = cpu (float), 1 = mem, 2 = net (integers).</summary>
    internal sealed class Chunk(int capacity)
    {
        readonly byte[] _kind = new byte[capacity];
        readonly int[] _index = new int[capacity];
        readonly long[] _time = new long[capacity];
        readonly double[] _float = new double[capacity];
        readonly long[] _integer = new long[capacity];

        public int Count { get; private set; }

        public void Add(byte kind, int index, long seconds, double value, long integer)
        {
            _kind[Count] = kind;
            _index[Count] = index;
            _time[Count] = seconds;
            _float[Count] = value;
            _integer[Count] = integer;
            Count++;
        }

        public PointBatch ToBatch(int cores, SeriesKey[] cpuKeys, SeriesKey[] memKeys, SeriesKey[] netKeys)
        {
            var batch = new PointBatch(Count);
            var cpu = cpuKeys.Select(batch.AddSeries).ToArray();
            var mem = memKeys.Select(batch.AddSeries).ToArray();
            var net = netKeys.Select(batch.AddSeries).ToArray();
            for (var i = 0; i < Count; i++)
            {
                var ns = _time[i] * 1_000_000_000L;
                switch (_kind[i])
                {
                    case 0: batch.Add(cpu[_index[i]], "usage", ns, FieldValue.OfFloat(_float[i])); break;
                    case 1: batch.Add(mem[_index[i]], "used", ns, FieldValue.OfInteger(_integer[i])); break;
                    default: batch.Add(net[_index[i]], "bytes_recv", ns, FieldValue.OfInteger(_integer[i])); break;
                }
            }
            _ = cores;
            return batch;
        }

        /// <summary>Line protocol with second precision, as Telegraf would send it.</summary>
        public void ToLineProtocol(int cores, StringBuilder text)
        {
            for (var i = 0; i < Count; i++)
            {
                var index = _index[i];
                switch (_kind[i])
                {
                    case 0:
                        text.Append("cpu,cpu=").Append(Core(index % cores)).Append(",host=").Append(Host(index / cores)).Append(" usage=")
                            .Append(_float[i].ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case 1:
                        text.Append("mem,host=").Append(Host(index)).Append(" used=").Append(_integer[i]).Append('i');
                        break;
                    default:
                        text.Append("net,host=").Append(Host(index)).Append(" bytes_recv=").Append(_integer[i]).Append('i');
                        break;
                }
                text.Append(' ').Append(_time[i]).Append('\n');
            }
        }
    }

    public SeriesKey[] CpuKeys(int cores) => Enumerable.Range(0, CpuSeries)
        .Select(i => new SeriesKey("cpu", [new("host", Host(i / cores)), new("cpu", Core(i % cores))])).ToArray();

    public SeriesKey[] HostKeys(string measurement) => Enumerable.Range(0, hosts).Select(h => new SeriesKey(measurement, [new("host", Host(h))])).ToArray();
}
