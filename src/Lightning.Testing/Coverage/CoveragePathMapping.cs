namespace Lightning.Testing.Coverage;

/// <summary>
/// A prefix to rewrite before paths are looked up, for reports made elsewhere: <c>/app/</c> → <c></c> for a
/// container that had the repository at /app, <c>C:/build/src</c> → <c>src</c>. <see cref="To"/> is relative to the
/// repository root (empty for the root itself) or absolute. Parsed from <c>from=to</c> by <see cref="Parse"/>.
/// </summary>
public sealed record CoveragePathMapping(string From, string To)
{
    public static CoveragePathMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new Core.Errors.LightningException(Core.Errors.ErrorKind.Invalid, "testing.coverage_path_mapping_invalid",
                $"Path mapping '{text}' is not from=to (for example /app/=, to map /app/src/x.py to src/x.py).");
        }

        return new CoveragePathMapping(text[..equals].Replace('\\', '/'), text[(equals + 1)..].Replace('\\', '/'));
    }
}
