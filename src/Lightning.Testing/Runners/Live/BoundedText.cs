using System.Globalization;
using System.Text;

namespace Lightning.Testing.Runners.Live;

/// <summary>Output kept under a bound: its last characters, and how many were dropped before them.</summary>
internal sealed class BoundedText(int maxChars)
{
    readonly StringBuilder _text = new();
    long _dropped;

    public void Append(string text)
    {
        _text.Append(text);
        if (_text.Length > maxChars)
        {
            var excess = _text.Length - maxChars;
            _text.Remove(0, excess);
            _dropped += excess;
        }
    }

    public override string ToString() => _dropped == 0
        ? _text.ToString()
        : string.Create(CultureInfo.InvariantCulture, $"[... {_dropped} earlier characters of output were dropped ...]\n{_text}");

    public string? ToStringOrNull() => _text.Length == 0 && _dropped == 0 ? null : ToString();
}
