using System.Text.RegularExpressions;

namespace Lightning.Testing.Selection.Dependencies;

/// <summary>
/// What one source file declares (its Go/Java package, PHP or C# namespaces) and the import statements it holds, as
/// written: Python <c>import</c>/<c>from ... import</c> (relative included), JavaScript/TypeScript
/// <c>import</c>/<c>export ... from</c>/<c>require()</c>/<c>import()</c>, Go import blocks, Java and Kotlin imports,
/// Ruby <c>require</c>/<c>require_relative</c>, PHP <c>use</c>/<c>require</c>/<c>include</c>, C# <c>using</c>.
/// Also the string literals that look like repository paths (data files a test reads). Read with patterns, not a
/// parser: an import built at run time (<c>importlib</c>, a computed <c>require</c>) is not seen.
/// </summary>
public sealed partial record SourceImports(SourceLanguage Language, IReadOnlyList<string> Declared, IReadOnlyList<string> Imports, IReadOnlyList<string> PathLiterals)
{
    public static SourceLanguage? LanguageOf(string path) => Path.GetExtension(path) switch
    {
        ".py" => SourceLanguage.Python,
        ".js" or ".jsx" or ".mjs" or ".cjs" or ".ts" or ".tsx" or ".mts" or ".cts" => SourceLanguage.JavaScript,
        ".go" => SourceLanguage.Go,
        ".java" or ".kt" => SourceLanguage.Java,
        ".rb" => SourceLanguage.Ruby,
        ".php" => SourceLanguage.Php,
        ".cs" => SourceLanguage.CSharp,
        _ => null,
    };

    public static SourceImports Parse(SourceLanguage language, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declared = new List<string>();
        var imports = new List<string>();
        switch (language)
        {
            case SourceLanguage.Python:
                foreach (Match match in PythonFrom().Matches(text))
                {
                    var names = match.Groups["b"].Value.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(name => name.Split(' ', 2)[0].Trim()).Where(name => name.Length > 0 && name != "*" && name != "\\");
                    imports.Add($"{match.Groups["a"].Value}:{string.Join(',', names)}");
                }

                foreach (Match match in PythonImport().Matches(text))
                {
                    imports.AddRange(match.Groups["a"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(module => module.Split(' ', 2)[0]));
                }

                break;
            case SourceLanguage.JavaScript:
                imports.AddRange(JsImport().Matches(text).Select(match => match.Groups["a"].Value));
                imports.AddRange(JsRequire().Matches(text).Select(match => match.Groups["a"].Value));
                break;
            case SourceLanguage.Go:
                foreach (Match block in GoImportBlock().Matches(text))
                {
                    imports.AddRange(GoQuoted().Matches(block.Groups["a"].Value).Select(match => match.Groups["a"].Value));
                }

                imports.AddRange(GoImportLine().Matches(text).Select(match => match.Groups["a"].Value));
                break;
            case SourceLanguage.Java:
                declared.AddRange(JavaPackage().Matches(text).Select(match => match.Groups["a"].Value).Take(1));
                imports.AddRange(JavaImport().Matches(text).Select(match => match.Groups["a"].Value.Replace(" ", "", StringComparison.Ordinal)));
                break;
            case SourceLanguage.Ruby:
                imports.AddRange(RubyRequire().Matches(text).Select(match => (match.Groups["a"].Value == "require_relative" ? "./" : "") + match.Groups["b"].Value));
                break;
            case SourceLanguage.Php:
                declared.AddRange(PhpNamespace().Matches(text).Select(match => match.Groups["a"].Value.TrimStart('\\')));
                foreach (Match match in PhpUse().Matches(text))
                {
                    imports.AddRange(ExpandPhpUse(match.Groups["a"].Value));
                }

                imports.AddRange(PhpInclude().Matches(text).Select(match => "file:" + match.Groups["b"].Value));
                break;
            case SourceLanguage.CSharp:
                declared.AddRange(CSharpNamespace().Matches(text).Select(match => match.Groups["a"].Value));
                imports.AddRange(CSharpUsing().Matches(text).Select(match => match.Groups["a"].Value));
                break;
        }

        var literals = PathLiteral().Matches(text).Select(match => match.Groups["a"].Value)
            .Where(value => value.Contains('.', StringComparison.Ordinal) && !value.StartsWith("http", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Take(200).ToList();
        return new SourceImports(language, declared, imports.Distinct(StringComparer.Ordinal).ToList(), literals);
    }

    /// <summary>"A\B\{C, D as E}" → A\B\C, A\B\D; "function A\f" → A\f.</summary>
    static IEnumerable<string> ExpandPhpUse(string clause)
    {
        clause = clause.Trim();
        if (clause.StartsWith("function ", StringComparison.Ordinal) || clause.StartsWith("const ", StringComparison.Ordinal))
        {
            clause = clause[(clause.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        }

        var brace = clause.IndexOf('{', StringComparison.Ordinal);
        var parts = brace < 0
            ? clause.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : clause[(brace + 1)..].TrimEnd('}').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(part => clause[..brace] + part);
        return parts.Select(part => part.Split(' ', 2)[0].TrimStart('\\')).Where(part => part.Length > 0);
    }

    [GeneratedRegex(@"^[ \t]*from[ \t]+(?<a>\.*[\w.]*)[ \t]+import[ \t]+(?<b>\([^)]*\)|[^\n#;]+)", RegexOptions.Multiline)]
    private static partial Regex PythonFrom();

    [GeneratedRegex(@"^[ \t]*import[ \t]+(?<a>[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)", RegexOptions.Multiline)]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['""](?<a>[^'""\n]+)['""]", RegexOptions.Multiline)]
    private static partial Regex JsImport();

    [GeneratedRegex(@"\b(?:require|import|jest\.mock|jest\.requireActual|vi\.mock)\s*\(\s*['""`](?<a>[^'""`\n]+)['""`]")]
    private static partial Regex JsRequire();

    [GeneratedRegex(@"^import\s*\((?<a>[^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex GoImportBlock();

    [GeneratedRegex(@"^import\s+(?:[\w.]+\s+)?""(?<a>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex GoImportLine();

    [GeneratedRegex(@"""(?<a>[^""\n]+)""")]
    private static partial Regex GoQuoted();

    [GeneratedRegex(@"^\s*package\s+(?<a>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex JavaPackage();

    [GeneratedRegex(@"^\s*import\s+(?:static\s+)?(?<a>[\w. ]+(?:\.\*)?)\s*;?\s*$", RegexOptions.Multiline)]
    private static partial Regex JavaImport();

    [GeneratedRegex(@"^\s*(?<a>require|require_relative|load)\s*\(?\s*['""](?<b>[^'""\n]+)['""]", RegexOptions.Multiline)]
    private static partial Regex RubyRequire();

    [GeneratedRegex(@"^\s*namespace\s+(?<a>[\w\\]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex PhpNamespace();

    [GeneratedRegex(@"^\s*use\s+(?<a>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex PhpUse();

    [GeneratedRegex(@"\b(?:require|include)(?:_once)?\s*\(?\s*(?<a>__DIR__\s*\.\s*)?['""](?<b>[^'""\n]+)['""]")]
    private static partial Regex PhpInclude();

    [GeneratedRegex(@"^\s*namespace\s+(?<a>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex CSharpNamespace();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?<a>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex CSharpUsing();

    [GeneratedRegex(@"['""](?<a>(?:\.{1,2}/)?[\w-]+(?:/[\w.-]+)*\.\w{1,6})['""]")]
    private static partial Regex PathLiteral();
}
