using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Lightning.Benchmarks.Ingest;

internal sealed record IngestSide(string Name, long Points, double Seconds)
{
    public double PointsPerSecond => Points / Seconds;
}

/// <summary>
/// HTTP line-protocol ingest, ours against influxd, with the same pre-generated bodies (batches of 5,000 lines of 4
/// fields, precision=s, 1,000 series) sent by the same concurrent writers. Ours is the real server in a child process
/// (<see cref="Hosting.ServerProcess"/>): Kestrel, API-key authentication, the rate limiter (set high, as a user who feeds
/// it Telegraf would), line-protocol parsing and the embedded DuckDB store's group commit; every 204 means committed.
/// </summary>
internal sealed class IngestBenchmark(int linesPerBatch, int writers)
{
    /// <summary>
    /// The bodies of one round: each covers 5 seconds of 1,000 hosts. Round r starts r × (its span + 1,000 s) after now, so
    /// both stores take them as live data (not as late points into closed chunks, or past retention) and no round rewrites
    /// another, whatever the number of bodies.
    /// </summary>
    public static byte[][] Generate(int batches, int linesPerBatch, int round)
    {
        var bodies = new byte[batches][];
        var random = new Random(6 + round);
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + round * ((long)batches * linesPerBatch / 1000 + 1_000L);
        var text = new StringBuilder(linesPerBatch * 120);
        for (var b = 0; b < batches; b++)
        {
            text.Clear();
            for (var i = 0; i < linesPerBatch; i++)
            {
                var host = i % 1000;
                text.Append("cpu,host=server-").Append(host.ToString("D4", CultureInfo.InvariantCulture))
                    .Append(",region=").Append(host % 2 == 0 ? "eu-west" : "us-east")
                    .Append(" usage_user=").Append((random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture))
                    .Append(",usage_system=").Append((random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture))
                    .Append(",usage_idle=").Append((random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture))
                    .Append(",count=").Append(random.Next(0, 10_000).ToString(CultureInfo.InvariantCulture)).Append('i')
                    .Append(' ').Append((start + (long)b * linesPerBatch / 1000 + i / 1000).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            bodies[b] = Encoding.UTF8.GetBytes(text.ToString());
        }

        return bodies;
    }

    /// <summary>Sends every body once (spread over the writers) and times it; every answer must be 204.</summary>
    public async Task<IngestSide> SendAsync(string name, HttpClient client, string path, byte[][] bodies, CancellationToken cancellationToken)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Length)
            {
                using var content = new ByteArrayContent(bodies[index]);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
                if (response.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"{name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }));
        watch.Stop();
        return new IngestSide(name, (long)bodies.Length * linesPerBatch, watch.Elapsed.TotalSeconds);
    }
}
