using System.Security.Cryptography;
using System.Text;
using Lightning.Agents.Ssh;
using Lightning.TestUtilities;

namespace Lightning.Agents.Tests.Ssh;

public sealed class KnownHostsTests : IDisposable
{
    static readonly byte[] Key = [0, 0, 0, 11, .. "ssh-ed25519"u8.ToArray(), 1, 2, 3, 4];
    static readonly byte[] OtherKey = [9, 9, 9];

    readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Check_PlainEntryWithPort_IsTrusted()
    {
        var store = Store($"[10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(Key)}");

        store.Check("10.0.0.5", 2222, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Trusted);
        store.Check("10.0.0.5", 22, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Unknown);
        store.Check("10.0.0.6", 2222, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Unknown);
    }

    [Fact]
    public void Check_SameHostDifferentKey_IsChanged()
    {
        var store = Store($"# comment\n\nbuild.example,10.0.0.7 ssh-ed25519 {Convert.ToBase64String(Key)}");

        store.Check("10.0.0.7", 22, "ssh-ed25519", OtherKey).ShouldBe(HostKeyCheck.Changed);
        store.Check("build.example", 22, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Trusted);
    }

    [Fact]
    public void Check_HashedEntry_MatchesLikeOpenSsh()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
#pragma warning disable CA5350 // The known_hosts format is defined with HMAC-SHA1.
        var hash = HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes("[db.internal]:2200"));
#pragma warning restore CA5350
        var store = Store($"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} ssh-ed25519 {Convert.ToBase64String(Key)}");

        store.Check("db.internal", 2200, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Trusted);
        store.Check("db.internal", 22, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Unknown);
    }

    [Fact]
    public void Add_ThenCheck_IsTrusted()
    {
        var store = new KnownHosts(_directory.Combine("ssh", "known_hosts"));

        store.Check("h", 22, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Unknown);
        store.Add("h", 22, "ssh-ed25519", Key);

        store.Check("h", 22, "ssh-ed25519", Key).ShouldBe(HostKeyCheck.Trusted);
    }

    [Fact]
    public void Fingerprint_IsOpenSshSha256Format() =>
        KnownHosts.Fingerprint(Key).ShouldBe("SHA256:" + Convert.ToBase64String(SHA256.HashData(Key)).TrimEnd('='));

    KnownHosts Store(string content)
    {
        var path = _directory.Combine("known_hosts");
        File.WriteAllText(path, content + "\n");
        return new KnownHosts(path);
    }
}
