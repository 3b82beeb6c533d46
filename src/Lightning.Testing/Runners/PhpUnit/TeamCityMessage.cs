using System.Globalization;
using System.Text;

namespace Lightning.Testing.Runners.PhpUnit;

/// <summary>
/// A TeamCity service message, <c>##teamcity[name key='value' ...]</c>, as PHPUnit's <c>--teamcity</c> printer writes
/// them: values escaped with <c>|</c> (<c>|'</c>, <c>|n</c>, <c>|r</c>, <c>|[</c>, <c>|]</c>, <c>||</c>, <c>|0xNNNN</c>).
/// </summary>
internal sealed record TeamCityMessage(string Name, IReadOnlyDictionary<string, string> Attributes)
{
    const string Prefix = "##teamcity[";

    public string? this[string key] => Attributes.TryGetValue(key, out var value) ? value : null;

    public static TeamCityMessage? TryParse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal) || !line.EndsWith(']'))
        {
            return null;
        }

        var body = line.AsSpan(Prefix.Length, line.Length - Prefix.Length - 1);
        var space = body.IndexOf(' ');
        var name = (space < 0 ? body : body[..space]).ToString();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = space < 0 ? body.Length : space;
        while (i < body.Length)
        {
            while (i < body.Length && body[i] == ' ')
            {
                i++;
            }

            var equals = body[i..].IndexOf("='", StringComparison.Ordinal);
            if (equals < 0)
            {
                break;
            }

            var key = body.Slice(i, equals).ToString();
            i += equals + 2;
            var value = new StringBuilder();
            while (i < body.Length && body[i] != '\'')
            {
                if (body[i] == '|' && i + 1 < body.Length)
                {
                    i++;
                    i += Unescape(body[i..], value);
                    continue;
                }

                value.Append(body[i]);
                i++;
            }

            attributes[key] = value.ToString();
            i++;
        }

        return new TeamCityMessage(name, attributes);
    }

    /// <summary>Appends the character escaped at the start of <paramref name="rest"/> (after its <c>|</c>); how many characters it took.</summary>
    static int Unescape(ReadOnlySpan<char> rest, StringBuilder value)
    {
        switch (rest[0])
        {
            case 'n': value.Append('\n'); return 1;
            case 'r': value.Append('\r'); return 1;
            case 'x' when rest.Length >= 5 && int.TryParse(rest[1..5], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                value.Append((char)code);
                return 5;
            case '0' when rest.Length >= 6 && rest[1] == 'x' && int.TryParse(rest[2..6], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                value.Append((char)code);
                return 6;
            default:
                value.Append(rest[0]);
                return 1;
        }
    }
}
