using System.Security.Cryptography;
using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.TestUtilities;

namespace Lightning.Core.Tests.Secrets;

public sealed class AesGcmSecretProtectorTests
{
    static AesGcmSecretProtector NewProtector() => new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Protect_ThenUnprotect_GivesTheOriginalBack()
    {
        var protector = NewProtector();

        var protectedValue = protector.Protect("glpat-xxxxxxxxxxxxxxxxxxxx ünïcødé");

        protectedValue.ShouldStartWith("v1:");
        protectedValue.ShouldNotContain("glpat");
        protector.Unprotect(protectedValue).ShouldBe("glpat-xxxxxxxxxxxxxxxxxxxx ünïcødé");
    }

    [Fact]
    public void Protect_SameValueTwice_UsesADifferentNonceEachTime()
    {
        var protector = NewProtector();

        var first = protector.Protect("token");
        var second = protector.Protect("token");

        first.ShouldNotBe(second);
        Convert.FromBase64String(first[3..])[..12].ShouldNotBe(Convert.FromBase64String(second[3..])[..12]);
        protector.Unprotect(first).ShouldBe("token");
        protector.Unprotect(second).ShouldBe("token");
    }

    [Fact]
    public void Protect_EmptyString_RoundTrips()
    {
        var protector = NewProtector();

        protector.Unprotect(protector.Protect(string.Empty)).ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(30)]
    public void Unprotect_OneByteFlipped_IsRejected(int index)
    {
        var protector = NewProtector();
        var bytes = Convert.FromBase64String(protector.Protect("a webhook secret")[3..]);
        bytes[index] ^= 0x01;

        var error = Should.Throw<LightningException>(() => protector.Unprotect("v1:" + Convert.ToBase64String(bytes)));

        error.Code.ShouldBe("secrets.invalid");
        error.Kind.ShouldBe(ErrorKind.Invalid);
    }

    [Fact]
    public void Unprotect_WithAnotherKey_IsRejected()
    {
        var protectedValue = NewProtector().Protect("token");

        var error = Should.Throw<LightningException>(() => NewProtector().Unprotect(protectedValue));

        error.Code.ShouldBe("secrets.invalid");
        error.Message.ShouldContain("different key");
        error.Message.ShouldNotContain("token");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("v2:AAAA")]
    [InlineData("v1:not base64!")]
    [InlineData("v1:AAAA")]
    public void Unprotect_ForeignValue_IsRejected(string value)
    {
        Should.Throw<LightningException>(() => NewProtector().Unprotect(value)).Code.ShouldBe("secrets.invalid");
    }

    [Fact]
    public void Constructor_KeyOfWrongLength_IsRejected()
    {
        Should.Throw<LightningException>(() => new AesGcmSecretProtector(new byte[16])).Code.ShouldBe("secrets.key_invalid");
    }

    [Fact]
    public void Protect_KeyFromSource_IsResolvedOnFirstUseOnly()
    {
        using var data = new TempDirectory();
        var protector = new AesGcmSecretProtector(() => SecretKeyStore.LoadOrCreateKeyFile(data.Path));

        File.Exists(data.Combine("secret.key")).ShouldBeFalse();
        var value = protector.Protect("token");

        File.Exists(data.Combine("secret.key")).ShouldBeTrue();
        new AesGcmSecretProtector(() => SecretKeyStore.LoadOrCreateKeyFile(data.Path)).Unprotect(value).ShouldBe("token");
    }
}
