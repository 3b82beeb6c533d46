using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest.Json;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Ingest;

public sealed class JsonPointsTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void ToBatch_TypedFieldsAndTimes_AreKept()
    {
        var request = JsonSerializer.Deserialize<JsonPointsRequest>("""
            {"points":[
              {"measurement":"deploy","tags":{"app":"web"},"fields":{"ms":12.5,"ok":false,"by":"ci","n":{"integer":3}},"time":"2026-01-01T00:00:01Z"},
              {"measurement":"deploy","fields":{"ms":1},"timestampNs":5},
              {"measurement":"deploy","fields":{"ms":2}}
            ]}
            """, Web)!;

        var batch = JsonPoints.ToBatch(request, nowNs: 99);

        batch.Count.ShouldBe(6);
        batch.ValueAt(1).ShouldBe(FieldValue.OfBoolean(false));
        batch.ValueAt(3).ShouldBe(FieldValue.OfInteger(3));
        batch.TimestampAt(0).ShouldBe(Timestamps.ToNanoseconds(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero)));
        batch.TimestampAt(4).ShouldBe(5);
        batch.TimestampAt(5).ShouldBe(99);
        batch.Series.Count.ShouldBe(2);
    }

    [Fact]
    public void ToBatch_BadPoints_ListEveryProblemAndWriteNothing()
    {
        var request = JsonSerializer.Deserialize<JsonPointsRequest>("""
            {"points":[{"fields":{"v":1}},{"measurement":"m"},{"measurement":"m","fields":{"v":[1]}},{"measurement":"m","tags":{"t":""},"fields":{"v":1}}]}
            """, Web)!;

        var error = Should.Throw<ValidationFailedException>(() => JsonPoints.ToBatch(request, 0));

        error.Errors.Keys.ShouldBe(["points[0].measurement", "points[1].fields", "points[2].fields.v", "points[3].tags"], ignoreOrder: true);
        Should.Throw<ValidationFailedException>(() => JsonPoints.ToBatch(new JsonPointsRequest([]), 0));
    }
}
