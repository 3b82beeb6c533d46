using System.Globalization;

namespace Lightning.Benchmarks.Reporting;

internal static class Format
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString(milliseconds < 10 ? "0.000" : "0.0", Invariant);

    public static string Number(double value, string format = "#,0") => double.IsNaN(value) ? "n/a" : value.ToString(format, Invariant);

    public static string Ratio(double ours, double comparator) =>
        comparator is 0 or double.NaN || double.IsNaN(ours) ? "n/a" : (ours / comparator).ToString("0.00", Invariant) + "×";

    public static string WithRange(Spread spread, Func<double, string> format) =>
        spread.Min == spread.Max ? format(spread.Median) : $"{format(spread.Median)} [{format(spread.Min)}–{format(spread.Max)}]";
}
