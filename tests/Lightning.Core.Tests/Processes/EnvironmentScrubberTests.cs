using Lightning.Core.Processes;

namespace Lightning.Core.Tests.Processes;

public sealed class EnvironmentScrubberTests
{
    [Theory]
    [InlineData("LIGHTNING_API_KEY")]
    [InlineData("Lightning__Llm__ApiKey")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("DB_PASSWORD")]
    [InlineData("ConnectionStrings__Main")]
    [InlineData("PGPASSWORD")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("SSH_AUTH_SOCK")]
    public void IsSecret_SecretLookingName_IsTrue(string name) => EnvironmentScrubber.IsSecret(name).ShouldBeTrue();

    [Theory]
    [InlineData("PATH")]
    [InlineData("HOME")]
    [InlineData("LANG")]
    [InlineData("DOTNET_ROOT")]
    [InlineData("TERM")]
    public void IsSecret_OrdinaryName_IsFalse(string name) => EnvironmentScrubber.IsSecret(name).ShouldBeFalse();
}
