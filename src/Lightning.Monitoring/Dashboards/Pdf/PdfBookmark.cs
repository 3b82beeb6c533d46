namespace Lightning.Monitoring.Dashboards.Pdf;

/// <summary>An entry of the document outline (the reader's bookmark pane): a title that opens a page; may nest.</summary>
public sealed class PdfBookmark
{
    readonly List<PdfBookmark> _children = [];

    internal PdfBookmark(string title, PdfPage page)
    {
        Title = title;
        Page = page;
    }

    public string Title { get; }

    public PdfPage Page { get; }

    public IReadOnlyList<PdfBookmark> Children => _children;

    public PdfBookmark Add(string title, PdfPage page)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(page);
        var child = new PdfBookmark(title, page);
        _children.Add(child);
        return child;
    }

    /// <summary>Every entry under this one, depth first (the order their objects are written in).</summary>
    internal IEnumerable<PdfBookmark> Descendants() => _children.SelectMany(c => c.Descendants().Prepend(c));
}
