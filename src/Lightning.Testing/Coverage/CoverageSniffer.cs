using System.Text.RegularExpressions;

namespace Lightning.Testing.Coverage;

/// <summary>
/// Tells a coverage report's format from its first few kilobytes: the XML root (<c>coverage</c>: Cobertura, or Clover
/// when it carries Clover's <c>generated</c>/<c>clover</c> attributes or a <c>project</c> element; <c>report</c>:
/// JaCoCo), the opening of a JSON document (coverage.py's <c>meta</c> and <c>files</c>, SimpleCov's command holding a
/// <c>coverage</c> object, the platform's own <c>lightning-coverage</c> schema), Go's <c>mode:</c> line, or LCOV keys.
/// </summary>
public static partial class CoverageSniffer
{
    /// <summary>How much of a report <see cref="Detect"/> needs.</summary>
    public const int HeadLength = 16 * 1024;

    public static CoverageFormat? Detect(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            var root = RootElement().Match(text);
            if (!root.Success)
            {
                return null;
            }

            return root.Groups["name"].Value switch
            {
                "report" => CoverageFormat.JaCoCo,
                "coverage" when CloverMarks().IsMatch(root.Value) || text.Contains("<project", StringComparison.Ordinal) => CoverageFormat.Clover,
                "coverage" => CoverageFormat.Cobertura,
                _ => null,
            };
        }

        if (text.StartsWith('{'))
        {
            return LightningSchema().IsMatch(text) ? CoverageFormat.LightningJson
                : CoveragePyMarks().IsMatch(text) ? CoverageFormat.CoveragePyJson
                : SimpleCovMarks().IsMatch(text) ? CoverageFormat.SimpleCov
                : null;
        }

        if (GoMode().IsMatch(text))
        {
            return CoverageFormat.GoProfile;
        }

        return LcovLine().IsMatch(text) ? CoverageFormat.Lcov : null;
    }

    // The root's start tag, attributes included (a DOCTYPE or comments may come first).
    [GeneratedRegex(@"<(?<name>[A-Za-z_][\w.-]*)(?=[\s/>])[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex RootElement();

    [GeneratedRegex(@"\s(?:clover|generated)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex CloverMarks();

    [GeneratedRegex(@"^\{\s*""schema""\s*:\s*""lightning-coverage/", RegexOptions.CultureInvariant)]
    private static partial Regex LightningSchema();

    [GeneratedRegex(@"^\{\s*""meta""\s*:\s*\{[^{}]*""(?:format|version)""|""executed_lines""\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex CoveragePyMarks();

    [GeneratedRegex(@"^\{\s*""[^""]*""\s*:\s*\{\s*""coverage""\s*:\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleCovMarks();

    [GeneratedRegex(@"^mode:\s*(?:set|count|atomic)\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex GoMode();

    [GeneratedRegex(@"^(?:TN|SF|VER):", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex LcovLine();
}
