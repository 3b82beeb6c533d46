using System.Text;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>
/// Turns a SQL statement into its shape, so that the same statement with other values counts as one: string and number
/// literals become <c>?</c>, lists of them in <c>IN (...)</c> become one <c>?</c>, comments go and whitespace collapses.
/// Quoted identifiers and parameters (<c>@p0</c>, <c>$1</c>, <c>:name</c>) are kept.
/// </summary>
public static class SqlNormalizer
{
    public static string Normalize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'' || (c is 'E' or 'e' or 'N' or 'n' && i + 1 < sql.Length && sql[i + 1] == '\'' && !WordBefore(sql, i)))
            {
                if (c != '\'') i++;
                i = SkipQuoted(sql, i, '\'');
                AppendLiteral(text);
            }
            else if (c == '"' || c == '`' || c == '[')
            {
                var end = SkipQuoted(sql, i, c == '[' ? ']' : c);
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                AppendSpace(text);
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                AppendSpace(text);
            }
            else if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
                AppendSpace(text);
            }
            else if (char.IsAsciiDigit(c) && !WordBefore(sql, i))
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.' || sql[i] == '_')) i++;
                AppendLiteral(text);
            }
            else if (c is '@' or '$' or ':' && i + 1 < sql.Length && (char.IsAsciiLetterOrDigit(sql[i + 1]) || sql[i + 1] == '_'))
            {
                var start = i++;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
                text.Append(sql, start, i - start);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return CollapseLists(text.ToString().Trim());
    }

    static void AppendLiteral(StringBuilder text)
    {
        // A negative number's sign is part of the literal.
        if (text.Length >= 1 && text[^1] == '-' && (text.Length == 1 || text[^2] is ' ' or '(' or ',' or '=')) text.Length--;
        text.Append('?');
    }

    static void AppendSpace(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != ' ') text.Append(' ');
    }

    static bool WordBefore(string sql, int i) => i > 0 && (char.IsAsciiLetterOrDigit(sql[i - 1]) || sql[i - 1] is '_' or '.' or '$' or '@');

    static int SkipQuoted(string sql, int start, char close)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == close)
            {
                // A doubled quote is an escaped quote inside the literal.
                if (i + 1 < sql.Length && sql[i + 1] == close && close != ']') { i += 2; continue; }
                return i + 1;
            }

            if (sql[i] == '\\' && close == '\'' ) { i += 2; continue; }
            i++;
        }

        return sql.Length;
    }

    /// <summary>"(?, ?, ?)" and "(? ,?)" become "(?)", so IN lists of any length are one statement.</summary>
    static string CollapseLists(string text)
    {
        if (!text.Contains("?,", StringComparison.Ordinal) && !text.Contains("? ,", StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            result.Append(text[i]);
            if (text[i] != '?') continue;
            var j = i + 1;
            while (true)
            {
                var k = j;
                while (k < text.Length && text[k] == ' ') k++;
                if (k >= text.Length || text[k] != ',') break;
                k++;
                while (k < text.Length && text[k] == ' ') k++;
                if (k >= text.Length || text[k] != '?') break;
                j = k + 1;
            }

            i = j - 1;
        }

        return result.ToString();
    }
}
