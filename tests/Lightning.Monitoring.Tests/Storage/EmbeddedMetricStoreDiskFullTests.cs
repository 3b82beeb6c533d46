using System.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.TestUtilities;

namespace Lightning.Monitoring.Tests.Storage;

/// <summary>A store on a small tmpfs that fills up: writes fail cleanly, and what was committed reads back after a reopen.</summary>
public sealed class EmbeddedMetricStoreDiskFullTests
{
    [Fact]
    public async Task A_full_disk_fails_the_write_and_the_reopened_store_keeps_every_committed_batch()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        var mountPoint = directory.Combine("small");
        Directory.CreateDirectory(mountPoint);
        await MountTmpfsAsync(mountPoint, "16m", cancel);
        try
        {
            var options = new EmbeddedStoreOptions
            {
                Path = Path.Combine(mountPoint, "metrics.duckdb"), Retention = null, MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero,
                QueryConnections = 1, Threads = 1, MemoryLimit = "256MB",
            };
            var random = new Random(11);
            var committed = 0L;
            LightningException? failure = null;
            var store = EmbeddedMetricStore.Open(options);
            try
            {
                for (var round = 0; round < 200 && failure is null; round++)
                {
                    var batch = new PointBatch(20_000);
                    var series = batch.AddSeries(new SeriesKey("noise", [new("round", (round % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))]));
                    for (var i = 0; i < 20_000; i++) batch.Add(series, "value", (round * 20_000L + i) * 1_000_000_000L, FieldValue.OfFloat(random.NextDouble()));
                    try
                    {
                        await store.WriteAsync(batch, cancel);
                        committed += batch.Count;
                    }
                    catch (LightningException ex)
                    {
                        failure = ex;
                    }
                }
            }
            finally
            {
                await store.DisposeAsync();
            }

            failure.ShouldNotBeNull("16 MB of tmpfs should fill up");
            failure.Code.ShouldBe("metrics.write_failed");
            failure.Message.ShouldContain("nothing of the batch was written");
            committed.ShouldBeGreaterThan(0);

            await using var reopened = EmbeddedMetricStore.Open(options);
            var count = await reopened.QueryAsync(new MetricQuery
            {
                Measurement = "noise", From = DateTimeOffset.UnixEpoch, To = DateTimeOffset.UnixEpoch.AddYears(1), Aggregate = Aggregate.Count,
            }, cancel);
            count.Series.ShouldHaveSingleItem().Values.ShouldBe([committed]);
        }
        finally
        {
            await RunAsync("umount", [mountPoint], CancellationToken.None);
        }
    }

    static async Task MountTmpfsAsync(string mountPoint, string size, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", mountPoint], cancellationToken);
        if (code == 0) return;
        var message = $"Cannot mount a tmpfs here (needs root): {output.Trim()}";
        if (TestServices.InCi) throw new InvalidOperationException(message);
        Assert.Skip(message);
    }

    static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
