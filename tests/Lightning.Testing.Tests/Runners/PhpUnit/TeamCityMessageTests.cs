using Lightning.Testing.Runners.PhpUnit;

namespace Lightning.Testing.Tests.Runners.PhpUnit;

public sealed class TeamCityMessageTests
{
    [Fact]
    public void TryParse_PhpUnitMessage_UnescapesEveryValue()
    {
        var message = TeamCityMessage.TryParse(
            "##teamcity[testFailed name='testAdds with data set \"one\"' message='two |'and|' two|nmake |[four|] |||0x00e9' details=' /x/CalcTest.php:18|n ' duration='1' flowId='31984']");

        message.ShouldNotBeNull();
        message.Name.ShouldBe("testFailed");
        message["name"].ShouldBe("testAdds with data set \"one\"");
        message["message"].ShouldBe("two 'and' two\nmake [four] |é");
        message["details"].ShouldBe(" /x/CalcTest.php:18\n ");
        message["flowId"].ShouldBe("31984");
        message["missing"].ShouldBeNull();
    }

    [Theory]
    [InlineData("stdout: grüße")]
    [InlineData("##teamcity[unterminated name='x'")]
    [InlineData("")]
    public void TryParse_NotAMessage_IsNull(string line) => TeamCityMessage.TryParse(line).ShouldBeNull();

    [Fact]
    public void TryParse_NoAttributes_HasTheNameOnly() =>
        TeamCityMessage.TryParse("##teamcity[testSuiteFinished]").ShouldNotBeNull().Attributes.ShouldBeEmpty();
}
