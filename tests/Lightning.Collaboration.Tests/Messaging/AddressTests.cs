using Lightning.Collaboration.Messaging;

namespace Lightning.Collaboration.Tests.Messaging;

public sealed class AddressTests
{
    [Theory]
    [InlineData("agent:devops-engineer", AddressKind.Agent, "devops-engineer")]
    [InlineData("capability:containers", AddressKind.Capability, "containers")]
    [InlineData("broadcast", AddressKind.Broadcast, null)]
    public void Parse_ValidText_RoundTrips(string text, AddressKind kind, string? name)
    {
        var address = Address.Parse(text);

        address.Kind.ShouldBe(kind);
        address.Name.ShouldBe(name);
        address.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("agent:")]
    [InlineData("agent:Bad Name")]
    [InlineData("team:x")]
    [InlineData("devops")]
    public void Parse_InvalidText_Throws(string text) => Should.Throw<FormatException>(() => Address.Parse(text));

    [Fact]
    public void Equality_IsByValue() => Address.Agent("a").ShouldBe(Address.Parse("agent:a"));
}
