using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Redis.Tests;

public sealed class DeliveryHistoryJsonTests
{
    [Fact]
    public void Serialize_ThenParse_RoundTrips()
    {
        DeliveryAttempt[] attempts =
        [
            new(1, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "a/1", "nack", "disk \"full\" ü"),
            new(2, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000), "a/2", "lease-expired", null),
        ];

        DeliveryHistoryJson.Parse(DeliveryHistoryJson.Serialize(attempts)).ShouldBe(attempts);
        DeliveryHistoryJson.Parse("[]").ShouldBeEmpty();
    }

    [Fact]
    public void Parse_WhatTheLeaseReaperAppends_ReadsIt()
    {
        // The shape ReapExpiredLeases writes with cjson (no reason key order guarantee, consumer may be "unknown").
        var history = DeliveryHistoryJson.Parse("""[{"n":3,"t":1700000000000,"c":"unknown","o":"lease-expired","r":"lease expired"}]""");

        history.ShouldHaveSingleItem().ShouldBe(new DeliveryAttempt(3, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), "unknown", "lease-expired", "lease expired"));
    }
}
