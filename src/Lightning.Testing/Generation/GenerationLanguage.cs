using Lightning.Core.Errors;

namespace Lightning.Testing.Generation;

/// <summary>The languages tests are generated for, and the framework each one's tests are written in.</summary>
public enum GenerationLanguage
{
    Python,
    JavaScript,
    Go,
    TypeScript,
    CSharp,
}

public static class GenerationLanguages
{
    public const string UnknownCode = "testing.generation_unknown_language";

    /// <summary>By name or alias (<c>py</c>, <c>js</c>, <c>node</c>, <c>ts</c>, <c>golang</c>, <c>cs</c>, <c>dotnet</c>); unknown names list the known ones.</summary>
    public static GenerationLanguage Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "python" or "py" or "python3" => GenerationLanguage.Python,
            "javascript" or "js" or "node" or "jest" or "esm" => GenerationLanguage.JavaScript,
            "typescript" or "ts" => GenerationLanguage.TypeScript,
            "go" or "golang" or "go test" => GenerationLanguage.Go,
            "csharp" or "cs" or "c#" or "dotnet" => GenerationLanguage.CSharp,
            _ => throw new LightningException(ErrorKind.Invalid, UnknownCode,
                $"Unknown language '{name}' for test generation. Known languages: python, javascript, typescript, go, csharp."),
        };
    }

    /// <summary>The language of a source file by its extension, or null.</summary>
    public static GenerationLanguage? FromFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".py" => GenerationLanguage.Python,
        ".js" or ".cjs" or ".mjs" => GenerationLanguage.JavaScript,
        ".ts" or ".mts" or ".cts" or ".tsx" when !path.EndsWith(".d.ts", StringComparison.OrdinalIgnoreCase) => GenerationLanguage.TypeScript,
        ".go" => GenerationLanguage.Go,
        ".cs" => GenerationLanguage.CSharp,
        _ => null,
    };

    public static string NameOf(GenerationLanguage language) => language switch
    {
        GenerationLanguage.Python => "python",
        GenerationLanguage.JavaScript => "javascript",
        GenerationLanguage.TypeScript => "typescript",
        GenerationLanguage.Go => "go",
        GenerationLanguage.CSharp => "csharp",
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };
}
