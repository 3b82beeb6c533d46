using Lightning.Git.Review;

namespace Lightning.Git.Tests.Review;

public sealed class SecretScannerTests
{
    [Theory]
    [InlineData("aaaaaaaa", 0.0)]
    [InlineData("abababab", 1.0)]
    [InlineData("abcdefgh", 3.0)]
    public void Entropy_KnownStrings_BitsPerCharacter(string value, double bits) =>
        SecretScanner.Entropy(value).ShouldBe(bits, 1e-9);

    [Fact]
    public void Redact_LineWithTokens_KeepsTheRestAndHidesTheSecrets()
    {
        var line = "curl -H 'Authorization: token ghp_R8x2Lq9Vt4Mz7Kc1Pw6Nb3Hy5Jd0Fs8Ga2Ue' https://api.github.com # key=AKIAQ4Z7XK2M9LPD3RTW";

        var redacted = SecretScanner.Redact(line, 3.5);

        redacted.ShouldBe("curl -H 'Authorization: token ghp_********' https://api.github.com # key=AKIA********");
    }

    [Theory]
    [InlineData("api_key: \"k8Jq2Lz9Xv4Rt7Nm\"", true)]
    [InlineData("\"clientSecret\": \"Q9w8E7r6T5y4U3i2\"", true)]
    [InlineData("password = \"password\"", false)]
    [InlineData("password = \"<your password>\"", false)]
    [InlineData("token = \"short\"", false)]
    [InlineData("username = \"k8Jq2Lz9Xv4Rt7Nm\"", false)]
    public void Scan_Assignments_NeedASecretNameAndARandomValue(string line, bool found) =>
        (SecretScanner.Scan(line, 3.5).Count > 0).ShouldBe(found);
}
