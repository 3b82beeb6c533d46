using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Results.Tap;

/// <summary>
/// A test point line, <c>(not )?ok (number)? (- )?(description)? (# SKIP|TODO reason)?</c>, read with TAP 14's escaping
/// rules: <c>\#</c> is a literal <c>#</c>, <c>\\</c> a literal backslash, and only the first unescaped <c>#</c> can
/// start a directive; when what follows it is not SKIP or TODO, the whole rest is the description.
/// </summary>
internal sealed partial record TapPoint(bool Ok, int? Number, string Description, TapDirective Directive, string? Reason)
{
    public static TapPoint? TryParse(string content)
    {
        var match = PointPattern().Match(content);
        if (!match.Success)
        {
            return null;
        }

        var ok = !match.Groups["not"].Success;
        int? number = match.Groups["number"].Success && int.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var rest = match.Groups["rest"].Value;
        var (description, directive, reason) = SplitDirective(rest);
        return new TapPoint(ok, number, description, directive, reason);
    }

    /// <summary>Text after "# " in a plan or bail out, unescaped.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or '#')
            {
                result.Append(text[++i]);
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    static (string Description, TapDirective Directive, string? Reason) SplitDirective(string rest)
    {
        var hash = FirstUnescapedHash(rest);
        if (hash >= 0)
        {
            var after = rest[(hash + 1)..].TrimStart();
            var directive = DirectivePattern().Match(after);
            if (directive.Success)
            {
                var kind = string.Equals(directive.Groups["kind"].Value, "skip", StringComparison.OrdinalIgnoreCase) ? TapDirective.Skip : TapDirective.Todo;
                var reason = Unescape(after[directive.Length..].Trim());
                return (Unescape(rest[..hash].Trim()), kind, reason.Length == 0 ? null : reason);
            }
        }

        return (Unescape(rest.Trim()), TapDirective.None, null);
    }

    static int FirstUnescapedHash(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '#')
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^(?<not>not\s+)?ok(?=\s|$)(?:\s+(?<number>\d+)(?=\s|$))?(?:\s+-(?=\s|$))?\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PointPattern();

    [GeneratedRegex(@"^(?<kind>skip|todo)\S*(?:\s+|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectivePattern();
}

internal enum TapDirective
{
    None,
    Skip,
    Todo,
}
