using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Tests.Messaging;

public sealed class BusOptionsTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(10, 60000)]
    public void RetryDelay_NoJitter_DoublesUpToTheCap(int attempt, double expectedMs)
    {
        var options = new BusOptions { BaseRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(1), Jitter = 0 };

        options.RetryDelay(attempt, random: 0.9).TotalMilliseconds.ShouldBe(expectedMs);
    }

    [Fact]
    public void RetryDelay_WithJitter_StaysWithinTheSpread()
    {
        var options = new BusOptions { BaseRetryDelay = TimeSpan.FromSeconds(1), Jitter = 0.2 };

        options.RetryDelay(1, random: 0).TotalMilliseconds.ShouldBe(800, tolerance: 0.001);
        options.RetryDelay(1, random: 1).TotalMilliseconds.ShouldBe(1200, tolerance: 0.001);
        options.RetryDelay(1, random: 0.5).TotalMilliseconds.ShouldBe(1000, tolerance: 0.001);
    }
}
