namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>
/// Text to WinAnsiEncoding (Windows-1252) bytes, the encoding the base-14 fonts are declared with. Printable ASCII and
/// Latin-1 map to themselves, the typographic characters of 0x80-0x9F to their codes; anything else becomes '?'.
/// </summary>
public static class WinAnsi
{
    static readonly Dictionary<int, byte> Specials = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87, ['ˆ'] = 0x88,
        ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91, ['’'] = 0x92, ['“'] = 0x93,
        ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98, ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B,
        ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    /// <summary>One byte per character (per Unicode scalar: an emoji is one '?', not two).</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes()) bytes.Add(ToByte(rune.Value));
        return [.. bytes];
    }

    static byte ToByte(int code) => code switch
    {
        >= 0x20 and <= 0x7E => (byte)code,
        >= 0xA0 and <= 0xFF => (byte)code,
        _ => Specials.TryGetValue(code, out var special) ? special : (byte)'?',
    };
}
