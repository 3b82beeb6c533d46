using Lightning.Core.Ids;

namespace Lightning.Core.Tests;

public sealed class LightningIdTests
{
    [Fact]
    public void New_CalledTwice_IsPrefixedUniqueAndOrdered()
    {
        var first = LightningId.New("act");
        Thread.Sleep(2);
        var second = LightningId.New("act");

        first.ShouldStartWith("act_");
        first.ShouldNotBe(second);
        string.CompareOrdinal(first, second).ShouldBeLessThan(0);
    }
}
