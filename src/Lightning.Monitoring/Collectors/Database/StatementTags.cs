using System.Security.Cryptography;
using System.Text;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>Statements as tag values: short enough for a series key, and still distinct when cut.</summary>
internal static class StatementTags
{
    public const int MaxLength = 200;

    public static string Shorten(string statement)
    {
        if (statement.Length <= MaxLength) return statement;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(statement)), 0, 4);
        return string.Concat(statement.AsSpan(0, MaxLength - 12), "… #", hash);
    }
}
