using System.Security.Cryptography;
using Lightning.Core.Errors;
using Lightning.Core.Secrets;
using Lightning.TestUtilities;

namespace Lightning.Core.Tests.Secrets;

public sealed class SecretKeyStoreTests
{
    [Fact]
    public void LoadOrCreateKeyFile_FirstUse_CreatesA32ByteKeyReadableByTheOwnerOnly()
    {
        using var data = new TempDirectory();

        var key = SecretKeyStore.LoadOrCreateKeyFile(data.Combine("nested"));

        key.Length.ShouldBe(32);
        var path = data.Combine("nested", "secret.key");
        Convert.FromBase64String(File.ReadAllText(path).Trim()).ShouldBe(key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(data.Combine("nested")).ShouldBe([path]);
    }

    [Fact]
    public void LoadOrCreateKeyFile_SecondUse_ReusesTheKeyAndNeverOverwritesIt()
    {
        using var data = new TempDirectory();
        var first = SecretKeyStore.LoadOrCreateKeyFile(data.Path);
        var written = File.GetLastWriteTimeUtc(data.Combine("secret.key"));
        var text = File.ReadAllText(data.Combine("secret.key"));

        var second = SecretKeyStore.LoadOrCreateKeyFile(data.Path);

        second.ShouldBe(first);
        File.ReadAllText(data.Combine("secret.key")).ShouldBe(text);
        File.GetLastWriteTimeUtc(data.Combine("secret.key")).ShouldBe(written);
    }

    [Fact]
    public void Resolve_ConfiguredKey_IsUsedAndNoFileIsCreated()
    {
        using var data = new TempDirectory();
        var configured = RandomNumberGenerator.GetBytes(32);

        SecretKeyStore.Resolve(Convert.ToBase64String(configured), data.Path).ShouldBe(configured);

        File.Exists(data.Combine("secret.key")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Resolve_BadConfiguredKey_IsRejected(string configured)
    {
        using var data = new TempDirectory();

        var error = Should.Throw<LightningException>(() => SecretKeyStore.Resolve(configured, data.Path));

        error.Code.ShouldBe("secrets.key_invalid");
        error.Message.ShouldContain("Lightning:SecretKey");
    }

    [Fact]
    public void LoadOrCreateKeyFile_CorruptFile_IsRejectedNotReplaced()
    {
        using var data = new TempDirectory();
        File.WriteAllText(data.Combine("secret.key"), "short");

        Should.Throw<LightningException>(() => SecretKeyStore.LoadOrCreateKeyFile(data.Path)).Code.ShouldBe("secrets.key_invalid");

        File.ReadAllText(data.Combine("secret.key")).ShouldBe("short");
    }
}
