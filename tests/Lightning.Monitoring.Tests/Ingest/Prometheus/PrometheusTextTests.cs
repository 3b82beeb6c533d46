using System.Text;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Ingest.Prometheus;

public sealed class PrometheusTextTests
{
    // The shape of a real node_exporter / Prometheus server scrape.
    const string Scrape = """
        # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
        # TYPE go_gc_duration_seconds summary
        go_gc_duration_seconds{quantile="0"} 2.7574e-05
        go_gc_duration_seconds{quantile="0.5"} 6.1416e-05
        go_gc_duration_seconds_sum 0.004539133
        go_gc_duration_seconds_count 57
        # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 4.2931724288e+10
        # HELP prometheus_http_request_duration_seconds Histogram of latencies for HTTP requests.
        # TYPE prometheus_http_request_duration_seconds histogram
        prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="0.1"} 1534
        prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="+Inf"} 1535
        prometheus_http_request_duration_seconds_sum{handler="/metrics"} 8.47
        prometheus_http_request_duration_seconds_count{handler="/metrics"} 1535
        http_requests_total{method="post",code="200",path="a \"quoted\" \\ value\nnext"} 1027 1395066363000
        rpc_latency NaN
        weird{empty=""} -Inf
        """;

    [Fact]
    public void Parse_RealScrape_GivesOnePointPerFiniteSample()
    {
        var batch = new PointBatch();
        var (samples, errors) = PrometheusText.Parse(Scrape, batch, 42, [new("job", "prom")]);

        errors.ShouldBeEmpty();
        samples.ShouldBe(10);
        batch.SeriesAt(0).Canonical.ShouldBe("go_gc_duration_seconds,job=prom,quantile=0");
        batch.TimestampAt(0).ShouldBe(42);
        batch.ValueAt(0).AsDouble().ShouldBe(2.7574e-05);
        var bucket = batch.Series.Single(s => s.Measurement == "prometheus_http_request_duration_seconds_bucket" && s.Tag("le") == "+Inf");
        bucket.Tag("handler").ShouldBe("/metrics");
        var requests = batch.Series.Single(s => s.Measurement == "http_requests_total");
        requests.Tag("path").ShouldBe("a \"quoted\" \\ value\nnext");
        batch.TimestampAt(samples - 1).ShouldBe(1_395_066_363_000_000_000);
    }

    [Theory]
    [InlineData("{a=\"b\"} 1", "metric name")]
    [InlineData("m{a=b} 1", "needs =\"value\"")]
    [InlineData("m{a=\"b} 1", "unterminated")]
    [InlineData("m abc", "not a number")]
    [InlineData("m 1 2 3", "optional timestamp")]
    [InlineData("m 1 x", "milliseconds")]
    public void Parse_BadLine_IsReportedWithItsNumber(string line, string reason)
    {
        var batch = new PointBatch();
        var (samples, errors) = PrometheusText.Parse($"ok 1\n{line}\n", batch, 0);

        samples.ShouldBe(1);
        errors.Single().ShouldStartWith("line 2:");
        errors.Single().ShouldContain(reason);
    }

    [Fact]
    public void Write_ThenParse_RoundTripsLabelsAndSpecialValues()
    {
        var text = new StringBuilder();
        PrometheusText.WriteHeader(text, "jobs_total", "counter", "Jobs\nrun.");
        PrometheusText.WriteSample(text, "jobs_total", [new("queue", "a\"b\\c\nd")], 12.5);
        PrometheusText.WriteSample(text, "jobs_total", [], 1e21);

        text.ToString().ShouldBe("# HELP jobs_total Jobs\\nrun.\n# TYPE jobs_total counter\njobs_total{queue=\"a\\\"b\\\\c\\nd\"} 12.5\njobs_total 1E+21\n");
        var batch = new PointBatch();
        PrometheusText.Parse(text.ToString(), batch, 0).Samples.ShouldBe(2);
        batch.SeriesAt(0).Tag("queue").ShouldBe("a\"b\\c\nd");
        batch.ValueAt(1).AsDouble().ShouldBe(1e21);
        PrometheusText.SanitizeName("http.server-duration").ShouldBe("http_server_duration");
        PrometheusText.FormatValue(double.PositiveInfinity).ShouldBe("+Inf");
    }
}
