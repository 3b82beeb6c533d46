using System.Text.RegularExpressions;

namespace Lightning.Git.Review;

/// <summary>A secret found on a line: what kind, where in the line, and how to show it without giving it away.</summary>
internal readonly record struct SecretMatch(string Kind, int Index, int Length, string Masked);

/// <summary>
/// Finds secrets in text: known token formats (AWS access key ids, GitHub and GitLab tokens, Slack tokens and webhooks,
/// private key blocks) and <c>password|secret|token|api_key = "..."</c> assignments whose value looks random enough
/// (Shannon entropy). Only a token's public prefix is ever shown.
/// </summary>
internal static partial class SecretScanner
{
    static readonly (string Kind, Func<Regex> Pattern, int VisiblePrefix)[] Known =
    [
        ("AWS access key id", AwsAccessKey, 4),
        ("GitHub token", GitHubToken, 4),
        ("GitHub fine-grained token", GitHubPat, 11),
        ("GitLab personal access token", GitLabToken, 6),
        ("Slack token", SlackToken, 5),
        ("Slack webhook URL", SlackWebhook, 29),
        ("private key", PrivateKey, int.MaxValue),
    ];

    public static List<SecretMatch> Scan(string line, double minEntropy)
    {
        var found = new List<SecretMatch>();
        foreach (var (kind, pattern, visible) in Known)
        {
            foreach (Match match in pattern().Matches(line))
            {
                found.Add(new SecretMatch(kind, match.Index, match.Length, Mask(match.Value, visible)));
            }
        }

        foreach (Match match in Assignment().Matches(line))
        {
            var value = match.Groups["value"];
            if (found.Any(known => known.Index < value.Index + value.Length && value.Index < known.Index + known.Length)
                || LooksLikePlaceholder(value.Value)
                || Entropy(value.Value) < minEntropy)
            {
                continue;
            }

            found.Add(new SecretMatch($"secret in '{match.Groups["key"].Value}'", value.Index, value.Length, Mask(value.Value, 0)));
        }

        return found;
    }

    /// <summary>The line with every secret replaced by its mask: what may be shown to a person or sent to a model.</summary>
    public static string Redact(string line, double minEntropy)
    {
        var found = Scan(line, minEntropy);
        if (found.Count == 0)
        {
            return line;
        }

        var result = line;
        foreach (var match in found.OrderByDescending(match => match.Index))
        {
            result = string.Concat(result.AsSpan(0, match.Index), match.Masked, result.AsSpan(match.Index + match.Length));
        }

        return result;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    internal static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        return -counts.Values.Sum(count =>
        {
            var p = (double)count / value.Length;
            return p * Math.Log2(p);
        });
    }

    static string Mask(string value, int visiblePrefix) =>
        visiblePrefix >= value.Length ? value : string.Concat(value.AsSpan(0, visiblePrefix), new string('*', Math.Min(8, value.Length - visiblePrefix)));

    static bool LooksLikePlaceholder(string value) =>
        value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal)
        || value.StartsWith('<') || value.StartsWith('%') || value.StartsWith('$')
        || value.Contains("example", StringComparison.OrdinalIgnoreCase) || value.Contains("changeme", StringComparison.OrdinalIgnoreCase)
        || value.Contains("xxxx", StringComparison.OrdinalIgnoreCase) || value.Contains("placeholder", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{22,255}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubPat();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(
        @"(?<key>[A-Za-z0-9_.\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key)[A-Za-z0-9_.\-]*)[""']?\s*(?::=|=>|[:=])\s*[""'](?<value>[^""'\s]{8,})[""']",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
