using System.Collections;
using System.Globalization;
using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Git.Releases;

/// <summary>
/// A small Mustache-like template language for changelogs. Tags: <c>{{name}}</c> (a value; <c>{{.}}</c> is the
/// current one, <c>{{a.b}}</c> looks into a value), <c>{{#name}}…{{/name}}</c> (a list repeats its content per item, a
/// true or non-empty value renders it once with that value in scope, false/null/empty skips it),
/// <c>{{^name}}…{{/name}}</c> (renders when the value is false, null or empty) and <c>{{! comment }}</c>. A name not
/// found in the current item is looked up in the enclosing ones. Output is Markdown, so nothing is HTML-escaped. As in
/// Mustache, a line holding only a section, close or comment tag leaves no line behind. Unknown names render empty.
/// </summary>
public sealed class ChangelogTemplate
{
    abstract record Node;

    sealed record TextNode(string Text) : Node;

    sealed record ValueNode(string Name) : Node;

    sealed record SectionNode(string Name, bool Inverted, List<Node> Children) : Node;

    readonly List<Node> _nodes;

    ChangelogTemplate(List<Node> nodes)
    {
        _nodes = nodes;
    }

    /// <summary>Parses a template; a malformed one throws <c>git.changelog_template_invalid</c> naming the line.</summary>
    public static ChangelogTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = new List<Node>();
        var stack = new Stack<(SectionNode Section, int Line)>();
        var position = 0;
        var pendingText = new StringBuilder();
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                pendingText.Append(text, position, text.Length - position);
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text, open, "a tag opened with '{{' is never closed with '}}'");
            }

            var content = text[(open + 2)..close].Trim();
            var sigil = content.Length > 0 ? content[0] : '\0';
            var isBlockTag = sigil is '#' or '^' or '/' or '!';
            var name = isBlockTag ? content[1..].Trim() : content;
            if (name.Length == 0 && sigil != '!')
            {
                throw Invalid(text, open, "a tag has no name");
            }

            var textBefore = text[position..open];
            var end = close + 2;
            if (isBlockTag && IsStandalone(text, open, end, out var lineStart, out var lineEnd))
            {
                // A tag alone on its line takes the line with it, so templates can be laid out readably.
                textBefore = text[position..lineStart];
                end = lineEnd;
            }

            pendingText.Append(textBefore);
            var target = stack.Count > 0 ? stack.Peek().Section.Children : root;
            if (pendingText.Length > 0)
            {
                target.Add(new TextNode(pendingText.ToString()));
                pendingText.Clear();
            }

            switch (sigil)
            {
                case '#' or '^':
                    var section = new SectionNode(name, sigil == '^', []);
                    target.Add(section);
                    stack.Push((section, LineOf(text, open)));
                    break;
                case '/':
                    if (stack.Count == 0 || !string.Equals(stack.Peek().Section.Name, name, StringComparison.Ordinal))
                    {
                        throw Invalid(text, open, stack.Count == 0
                            ? $"'{{{{/{name}}}}}' closes a section that was never opened"
                            : $"'{{{{/{name}}}}}' does not close the open section '{stack.Peek().Section.Name}'");
                    }

                    stack.Pop();
                    break;
                case '!':
                    break;
                default:
                    target.Add(new ValueNode(name));
                    break;
            }

            position = end;
        }

        if (stack.Count > 0)
        {
            var (section, line) = stack.Peek();
            throw new LightningException(ErrorKind.Invalid, "git.changelog_template_invalid",
                $"Changelog template, line {line}: the section '{section.Name}' is never closed with '{{{{/{section.Name}}}}}'.");
        }

        if (pendingText.Length > 0)
        {
            root.Add(new TextNode(pendingText.ToString()));
        }

        return new ChangelogTemplate(root);
    }

    /// <summary>Renders the template over <paramref name="model"/> (dictionaries, lists, strings, numbers, booleans).</summary>
    public string Render(IReadOnlyDictionary<string, object?> model)
    {
        var output = new StringBuilder();
        var scopes = new List<object?> { model };
        RenderNodes(_nodes, scopes, output);
        return output.ToString();
    }

    static void RenderNodes(List<Node> nodes, List<object?> scopes, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ValueNode value:
                    output.Append(Format(Lookup(value.Name, scopes)));
                    break;
                case SectionNode section:
                    var found = Lookup(section.Name, scopes);
                    if (section.Inverted)
                    {
                        if (!IsTruthy(found))
                        {
                            RenderNodes(section.Children, scopes, output);
                        }
                    }
                    else if (found is IEnumerable items and not string and not IReadOnlyDictionary<string, object?>)
                    {
                        foreach (var item in items)
                        {
                            scopes.Add(item);
                            RenderNodes(section.Children, scopes, output);
                            scopes.RemoveAt(scopes.Count - 1);
                        }
                    }
                    else if (IsTruthy(found))
                    {
                        scopes.Add(found);
                        RenderNodes(section.Children, scopes, output);
                        scopes.RemoveAt(scopes.Count - 1);
                    }

                    break;
            }
        }
    }

    static object? Lookup(string name, List<object?> scopes)
    {
        if (string.Equals(name, ".", StringComparison.Ordinal))
        {
            return scopes[^1];
        }

        var parts = name.Split('.');
        for (var index = scopes.Count - 1; index >= 0; index--)
        {
            if (scopes[index] is IReadOnlyDictionary<string, object?> scope && scope.TryGetValue(parts[0], out var value))
            {
                foreach (var part in parts.Skip(1))
                {
                    value = value is IReadOnlyDictionary<string, object?> inner && inner.TryGetValue(part, out var next) ? next : null;
                }

                return value;
            }
        }

        return null;
    }

    static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string text => text.Length > 0,
        IReadOnlyDictionary<string, object?> => true,
        IEnumerable items => items.Cast<object?>().Any(),
        _ => true,
    };

    static string Format(object? value) => value switch
    {
        null => string.Empty,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    static bool IsStandalone(string text, int open, int end, out int lineStart, out int lineEnd)
    {
        lineStart = open;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t')
        {
            lineStart--;
        }

        lineEnd = end;
        while (lineEnd < text.Length && text[lineEnd] is ' ' or '\t' or '\r')
        {
            lineEnd++;
        }

        var startsLine = lineStart == 0 || text[lineStart - 1] == '\n';
        var endsLine = lineEnd == text.Length || text[lineEnd] == '\n';
        if (lineEnd < text.Length && text[lineEnd] == '\n')
        {
            lineEnd++;
        }

        return startsLine && endsLine;
    }

    static int LineOf(string text, int position) => text.AsSpan(0, position).Count('\n') + 1;

    static LightningException Invalid(string text, int position, string problem) =>
        new(ErrorKind.Invalid, "git.changelog_template_invalid", $"Changelog template, line {LineOf(text, position)}: {problem}.");
}
