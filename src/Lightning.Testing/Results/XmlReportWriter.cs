using System.Globalization;
using System.Text;
using System.Xml;

namespace Lightning.Testing.Results;

/// <summary>
/// A thin async XmlWriter wrapper for the exporters: UTF-8 without BOM, indented, carriage returns entitized so that
/// text survives a round trip, and characters XML 1.0 cannot carry (ANSI escapes, lone surrogates) written as
/// <c>#xNN</c>, as pytest writes them, instead of producing a file no reader accepts.
/// </summary>
internal sealed class XmlReportWriter : IAsyncDisposable
{
    readonly XmlWriter _writer;

    public XmlReportWriter(Stream stream)
    {
        _writer = XmlWriter.Create(stream, new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        });
    }

    public Task StartDocumentAsync() => _writer.WriteStartDocumentAsync();

    public Task StartAsync(string name, string? ns = null) => _writer.WriteStartElementAsync(null, name, ns);

    public Task EndAsync() => _writer.WriteEndElementAsync();

    public async Task AttributeAsync(string name, string? value)
    {
        if (value is not null)
        {
            await _writer.WriteAttributeStringAsync(null, name, null, Clean(value));
        }
    }

    public Task AttributeAsync(string prefix, string name, string ns, string value) =>
        _writer.WriteAttributeStringAsync(prefix, name, ns, Clean(value));

    public Task AttributeAsync(string name, int? value) =>
        AttributeAsync(name, value?.ToString(CultureInfo.InvariantCulture));

    public Task TextAsync(string text) => _writer.WriteStringAsync(Clean(text));

    /// <summary>An element with text content, or nothing when the text is null.</summary>
    public async Task TextElementAsync(string name, string? text)
    {
        if (text is null)
        {
            return;
        }

        await StartAsync(name);
        await TextAsync(text);
        await EndAsync();
    }

    public async Task FlushAsync()
    {
        await _writer.WriteEndDocumentAsync();
        await _writer.FlushAsync();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    static string Clean(string text)
    {
        var index = FirstInvalid(text);
        if (index < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 8);
        clean.Append(text, 0, index);
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
            else
            {
                clean.Append("#x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return clean.ToString();
    }

    static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }
}
