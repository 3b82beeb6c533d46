using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using System.Text;
using Lightning.Git.Hosting.Webhooks;

namespace Lightning.Git.Tests.Hosting.Webhooks;

public sealed class WebhookSignaturesTests
{
    [Fact]
    public void GitHubSignatureMatches_DocumentedExample_Matches()
    {
        // GitHub's "Validating webhook deliveries" example: secret, payload and the signature it documents.
        var body = Encoding.UTF8.GetBytes("Hello, World!");

        WebhookSignatures.GitHubSignatureMatches("It's a Secret to Everybody", body,
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17").ShouldBeTrue();
        WebhookSignatures.GitHubSignatureMatches("It's a Secret to Everybody", Encoding.UTF8.GetBytes("Hello, World?"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17").ShouldBeFalse();
    }

    [Theory]
    [InlineData("secret", true)]
    [InlineData("secreT", false)]
    [InlineData("secret ", false)]
    [InlineData("s", false)]
    [InlineData(null, false)]
    public void GitLabTokenMatches_ComparesTheWholeToken(string? header, bool expected)
    {
        WebhookSignatures.GitLabTokenMatches("secret", header).ShouldBe(expected);
    }

    [Theory]
    [InlineData(nameof(WebhookSignatures.GitHubSignatureMatches))]
    [InlineData(nameof(WebhookSignatures.GitLabTokenMatches))]
    public void Comparisons_UseCryptographicOperationsFixedTimeEquals(string methodName)
    {
        var method = typeof(WebhookSignatures).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;

        var called = CalledMethods(method).ToList();

        called.ShouldContain(target => target.DeclaringType == typeof(CryptographicOperations) && target.Name == nameof(CryptographicOperations.FixedTimeEquals));
        called.ShouldNotContain(target => target.Name == "SequenceEqual" || (target.DeclaringType == typeof(string) && (target.Name == "Equals" || target.Name == "op_Equality")));
    }

    /// <summary>The methods a method's IL calls directly (call and callvirt), read from its body.</summary>
    static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        var oneByte = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (OpCode)field.GetValue(null)!)
            .Where(code => code.Size == 1).ToDictionary(code => (byte)code.Value);
        var twoByte = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (OpCode)field.GetValue(null)!)
            .Where(code => code.Size == 2).ToDictionary(code => (byte)(code.Value & 0xff));
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xfe ? twoByte[il[++i]] : oneByte[il[i]];
            i++;
            if (code == OpCodes.Call || code == OpCodes.Callvirt)
            {
                yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, i), method.DeclaringType!.GetGenericArguments(), null)!;
            }

            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (BitConverter.ToInt32(il, i) * 4),
                _ => 4,
            };
        }
    }
}
