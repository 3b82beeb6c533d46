using System.Globalization;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Dashboards.Pdf;

namespace Lightning.Monitoring.Dashboards;

/// <summary>
/// One panel of a report: its query over the report's range, the answer, the comparison's when it has one, and the
/// alert states of the rules reading the panel's measurement (shaded behind its chart).
/// </summary>
public sealed record ReportPanel(
    DashboardPanel Panel, MetricQuery Query, QueryResult Result, QueryResult? Comparison, TimeSpan? CompareOffset, IReadOnlyList<AlertStateInterval> Alerts);

/// <summary>Everything a dashboard report shows.</summary>
public sealed record DashboardReportData(
    SavedDashboard Dashboard, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ReportPanel> Panels, IReadOnlyList<AlertStateInterval> Alerts, DateTimeOffset GeneratedAt);

/// <summary>Min, mean, max and last of one series' values (NaN, the empty buckets, left out).</summary>
public sealed record SeriesSummary(string Label, double Min, double Mean, double Max, double Last, int Points)
{
    public static SeriesSummary? Of(string label, double[] values)
    {
        var real = values.Where(double.IsFinite).ToArray();
        return real.Length == 0 ? null : new SeriesSummary(label, real.Min(), real.Average(), real.Max(), real[^1], real.Length);
    }
}

/// <summary>
/// Draws a dashboard report with the project's own <see cref="PdfDocument"/>: a title page header (name, description,
/// range), then per panel a chart (time and value axes with ticks, one line per series, the comparison dashed, alert
/// states shaded behind), a legend and a min/mean/max/last table, two panels per A4 page, and last the alert states in
/// the range. Text is Helvetica (base-14, WinAnsi): characters outside Windows-1252 print as '?'.
/// </summary>
public static class DashboardReportWriter
{
    const double PageWidth = PdfDocument.A4Width;
    const double PageHeight = PdfDocument.A4Height;
    const double Margin = 40;
    const double PanelHeight = 330;
    const double Title = 18, Heading = 12, Text = 9, Small = 7, Big = 28;
    static readonly PdfColor[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40),
        new(148, 103, 189), new(140, 86, 75), new(227, 119, 194), new(127, 127, 127),
    ];

    static readonly PdfPen Axis = new(PdfColor.Black);

    public static byte[] Write(DashboardReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var document = new PdfDocument
        {
            Title = data.Dashboard.Name,
            Subject = $"{Time(data.From)} – {Time(data.To)}",
            Creator = "Agent Lightning",
        };
        var page = document.AddPage(PageWidth, PageHeight);
        var y = Margin;
        page.Text(data.Dashboard.Name, PdfFont.HelveticaBold, Title, PdfColor.Black, Margin, y + 18);
        y += 28;
        page.Text($"{Time(data.From)} – {Time(data.To)} (UTC)", PdfFont.Helvetica, Text, PdfColor.DimGray, Margin, y + 10);
        y += 16;
        if (!string.IsNullOrWhiteSpace(data.Dashboard.Description))
        {
            page.Text(Fit(data.Dashboard.Description, 110), PdfFont.Helvetica, Text, PdfColor.DimGray, Margin, y + 10);
            y += 16;
        }

        page.Text($"Generated {Time(data.GeneratedAt)} UTC · {data.Panels.Count} panel(s) · {data.Alerts.Count} alert state interval(s)", PdfFont.Helvetica, Small, PdfColor.Gray, Margin, y + 8);
        y += 20;
        var outline = document.AddBookmark(data.Dashboard.Name, page);
        foreach (var panel in data.Panels)
        {
            if (y + PanelHeight > PageHeight - Margin)
            {
                page = document.AddPage(PageWidth, PageHeight);
                y = Margin;
            }

            outline.Add(panel.Panel.Title ?? panel.Panel.Id ?? "panel", page);
            y = DrawPanel(page, panel, data, y);
        }

        DrawAlerts(document, page, data, y);
        return document.ToBytes();
    }

    static double DrawPanel(PdfPage page, ReportPanel panel, DashboardReportData data, double top)
    {
        var title = panel.Panel.Title ?? panel.Panel.Id ?? "panel";
        page.Text(title, PdfFont.HelveticaBold, Heading, PdfColor.Black, Margin, top + 12);
        var subtitle = $"{panel.Query.Measurement}.{panel.Query.Field}"
            + (panel.Query.Aggregate is { } aggregate ? $" · {aggregate.ToString().ToLowerInvariant()}" : string.Empty)
            + (panel.Query.Every is { } every ? $" every {every.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s" : string.Empty)
            + (panel.CompareOffset is { } offset ? $" · compared with {offset.TotalHours.ToString(CultureInfo.InvariantCulture)}h earlier (dashed)" : string.Empty);
        page.Text(subtitle, PdfFont.Helvetica, Small, PdfColor.DimGray, Margin, top + 24);
        var chart = new Box(Margin + 45, top + 32, PageWidth - (2 * Margin) - 55, 180);
        var series = panel.Result.Series;
        var labels = series.Select(s => Label(s, panel.Query)).ToList();
        if (panel.Panel.Kind == "stat")
        {
            var last = series.Select(s => SeriesSummary.Of("", s.Values)).FirstOrDefault(s => s is not null);
            page.StrokeRectangle(new PdfPen(PdfColor.LightGray), chart.Left, chart.Top, chart.Width, chart.Height);
            CentredText(page, last is null ? "no data" : Number(last.Last), PdfFont.HelveticaBold, Big, PdfColor.Black, chart);
        }
        else
        {
            DrawChart(page, chart, panel, data);
        }

        var y = chart.Bottom + 22;
        // Legend and statistics, one row per series: colour, label, min, mean, max, last.
        var columns = new[] { Margin + 14, Margin + 260, Margin + 325, Margin + 390, Margin + 455 };
        page.Text("series", PdfFont.Helvetica, Small, PdfColor.Gray, columns[0], y);
        string[] headers = ["min", "mean", "max", "last"];
        for (var c = 0; c < headers.Length; c++) page.Text(headers[c], PdfFont.Helvetica, Small, PdfColor.Gray, columns[c + 1], y);
        y += 11;
        var shown = 0;
        for (var i = 0; i < series.Count && shown < 8; i++)
        {
            var summary = SeriesSummary.Of(labels[i], series[i].Values);
            page.FillRectangle(Palette[i % Palette.Length], Margin, y - 7, 9, 7);
            page.Text(Fit(labels[i], 48), PdfFont.Helvetica, Text, PdfColor.Black, columns[0], y);
            string[] cells = summary is null ? ["–", "–", "–", "–"] : [Number(summary.Min), Number(summary.Mean), Number(summary.Max), Number(summary.Last)];
            for (var c = 0; c < cells.Length; c++) page.Text(cells[c], PdfFont.Helvetica, Text, PdfColor.Black, columns[c + 1], y);
            y += 12;
            shown++;
        }

        if (series.Count == 0) page.Text("No data in this range.", PdfFont.Helvetica, Text, PdfColor.DimGray, columns[0], y);
        else if (series.Count > shown) page.Text($"… and {series.Count - shown} more series", PdfFont.Helvetica, Small, PdfColor.DimGray, columns[0], y);
        return top + PanelHeight;
    }

    static void DrawChart(PdfPage page, Box chart, ReportPanel panel, DashboardReportData data)
    {
        var fromMs = data.From.ToUnixTimeMilliseconds();
        var toMs = data.To.ToUnixTimeMilliseconds();
        var shiftNs = (panel.CompareOffset ?? TimeSpan.Zero).Ticks * 100;
        var all = panel.Result.Series.SelectMany(s => s.Values)
            .Concat(panel.Comparison?.Series.SelectMany(s => s.Values) ?? []).Where(double.IsFinite).ToList();
        var (low, high, step) = all.Count == 0 ? (0d, 1d, 0.25d) : NiceScale(all.Min(), all.Max());
        double X(long ms) => chart.Left + ((ms - fromMs) / (double)Math.Max(1, toMs - fromMs) * chart.Width);
        double Y(double value) => chart.Bottom - ((value - low) / (high - low) * chart.Height);

        // Alert states behind the lines, for the rules reading this panel's measurement; translucent, so overlapping
        // states of several rules stay visible.
        foreach (var alert in panel.Alerts)
        {
            var start = Math.Max(alert.Start, fromMs);
            var end = Math.Min(alert.End ?? toMs, toMs);
            if (end <= start) continue;
            var (colour, opacity) = alert.State switch
            {
                "firing" => (new PdfColor(214, 39, 40), 60 / 255d),
                "pending" => (new PdfColor(255, 187, 0), 50 / 255d),
                _ => (new PdfColor(120, 120, 120), 45 / 255d),
            };
            page.FillRectangle(colour, X(start), chart.Top, Math.Max(1, X(end) - X(start)), chart.Height, opacity);
        }

        var grid = new PdfPen(PdfColor.Gainsboro, 0.5);
        for (var value = low; value <= high + (step / 2); value += step)
        {
            page.Line(grid, chart.Left, Y(value), chart.Right, Y(value));
            page.Line(Axis, chart.Left - 3, Y(value), chart.Left, Y(value));
            // Right-aligned against the axis, vertically centred on the tick.
            page.Text(Number(value), PdfFont.Helvetica, Small, PdfColor.Black, Margin + 40, Y(value) + (Small * 0.35), PdfTextAlign.Right);
        }

        var span = TimeSpan.FromMilliseconds(toMs - fromMs);
        var format = span > TimeSpan.FromDays(2) ? "MM-dd" : span > TimeSpan.FromHours(20) ? "MM-dd HH:mm" : span > TimeSpan.FromMinutes(10) ? "HH:mm" : "HH:mm:ss";
        for (var tick = 0; tick <= 5; tick++)
        {
            var ms = fromMs + ((toMs - fromMs) * tick / 5);
            page.Line(Axis, X(ms), chart.Bottom, X(ms), chart.Bottom + 3);
            var text = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
            page.Text(text, PdfFont.Helvetica, Small, PdfColor.Black, X(ms), chart.Bottom + 4 + Small, PdfTextAlign.Center);
        }

        page.Line(Axis, chart.Left, chart.Top, chart.Left, chart.Bottom);
        page.Line(Axis, chart.Left, chart.Bottom, chart.Right, chart.Bottom);
        if (all.Count == 0)
        {
            CentredText(page, "no data", PdfFont.Helvetica, Text, PdfColor.Gray, chart);
            return;
        }

        void Lines(IReadOnlyList<SeriesResult> series, long offsetNs, bool dashed)
        {
            for (var i = 0; i < series.Count; i++)
            {
                var colour = Palette[i % Palette.Length];
                var pen = dashed ? new PdfPen(colour, 0.8, [3, 1.5]) : new PdfPen(colour, 1.2);
                var run = new List<(double X, double Y)>();
                void Flush()
                {
                    if (run.Count >= 2) page.Polyline(pen, run);
                    else if (run.Count == 1) page.FillCircle(colour, run[0].X, run[0].Y, 1);
                    run.Clear();
                }

                var s = series[i];
                for (var p = 0; p < s.Values.Length; p++)
                {
                    var ms = (s.TimestampsNs[p] + offsetNs) / 1_000_000;
                    if (!double.IsFinite(s.Values[p]) || ms < fromMs || ms > toMs)
                    {
                        Flush();
                        continue;
                    }

                    run.Add((X(ms), Y(s.Values[p])));
                }

                Flush();
            }
        }

        if (panel.Comparison is { } comparison) Lines(comparison.Series, shiftNs, dashed: true);
        Lines(panel.Result.Series, 0, dashed: false);
    }

    static void DrawAlerts(PdfDocument document, PdfPage page, DashboardReportData data, double y)
    {
        if (y + 60 > PageHeight - Margin)
        {
            page = document.AddPage(PageWidth, PageHeight);
            y = Margin;
        }

        document.AddBookmark("Alert states", page);
        page.Text("Alert states", PdfFont.HelveticaBold, Heading, PdfColor.Black, Margin, y + 12);
        y += 26;
        if (data.Alerts.Count == 0)
        {
            page.Text("No alert was pending, firing or acknowledged in this range.", PdfFont.Helvetica, Text, PdfColor.DimGray, Margin, y);
            return;
        }

        foreach (var alert in data.Alerts)
        {
            if (y > PageHeight - Margin)
            {
                page = document.AddPage(PageWidth, PageHeight);
                y = Margin + 10;
            }

            var end = alert.End is { } e ? Time(DateTimeOffset.FromUnixTimeMilliseconds(e)) : "ongoing";
            var labels = string.Join(", ", alert.Labels.Select(l => $"{l.Key}={l.Value}"));
            page.Text(alert.State, PdfFont.HelveticaBold, Heading, alert.State == "firing" ? PdfColor.Firebrick : PdfColor.DarkGoldenrod, Margin, y);
            page.Text(Fit($"{alert.RuleName} {(alert.Severity is null ? string.Empty : "[" + alert.Severity + "]")} {labels}", 70), PdfFont.Helvetica, Text, PdfColor.Black, Margin + 95, y);
            page.Text($"{Time(DateTimeOffset.FromUnixTimeMilliseconds(alert.Start))} – {end}", PdfFont.Helvetica, Small, PdfColor.DimGray, Margin + 380, y);
            y += 14;
        }
    }

    /// <summary>Text centred in a box both ways (the baseline a third of the size below the middle, about half the cap height).</summary>
    static void CentredText(PdfPage page, string text, PdfFont font, double size, PdfColor color, Box box) =>
        page.Text(text, font, size, color, box.Left + (box.Width / 2), box.Top + (box.Height / 2) + (size * 0.35), PdfTextAlign.Center);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
    readonly record struct Box(double Left, double Top, double Width, double Height)
    {
        public double Right => Left + Width;

        public double Bottom => Top + Height;
    }

    /// <summary>Axis bounds and step at round numbers (1, 2, 5 × 10ⁿ), about five ticks.</summary>
    internal static (double Low, double High, double Step) NiceScale(double min, double max)
    {
        if (max - min < 1e-12)
        {
            var pad = Math.Abs(min) > 1e-12 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }

        var rough = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1d, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= rough);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    static string Label(SeriesResult series, MetricQuery query) => series.Tags.Count == 0
        ? $"{query.Measurement}.{query.Field}"
        : string.Join(",", series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    static string Number(double value) => Math.Abs(value) >= 1e6 || (Math.Abs(value) < 1e-3 && value != 0)
        ? value.ToString("0.##E+0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    static string Fit(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
