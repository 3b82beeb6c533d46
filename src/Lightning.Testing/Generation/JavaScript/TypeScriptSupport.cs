using Lightning.Core.Errors;

namespace Lightning.Testing.Generation.JavaScript;

/// <summary>
/// TypeScript, through the JavaScript helper: parameter and return types from the TypeScript checker (the project's
/// <c>typescript</c> package), observed calls on the code transpiled with <c>ts.transpileModule</c> as it loads, and
/// <c>.test.ts</c> files with typed imports that Jest runs through the project's ts-jest or babel-jest. Candidates
/// compile when the checker finds no syntax or type error in them.
/// </summary>
internal sealed class TypeScriptSupport : JavaScriptSupport
{
    public const string NoTransformCode = "testing.generation_typescript_not_runnable";

    static readonly string[] JestConfigs = ["jest.config.js", "jest.config.ts", "jest.config.cjs", "jest.config.mjs", "jest.config.json"];

    static readonly string[] BabelConfigs = ["babel.config.js", "babel.config.json", "babel.config.cjs", "babel.config.mjs", ".babelrc", ".babelrc.js", ".babelrc.json"];

    public override GenerationLanguage Language => GenerationLanguage.TypeScript;

    public override bool IsSource(string relativePath) =>
        (relativePath.EndsWith(".ts", StringComparison.Ordinal) || relativePath.EndsWith(".mts", StringComparison.Ordinal) || relativePath.EndsWith(".cts", StringComparison.Ordinal)
            || relativePath.EndsWith(".tsx", StringComparison.Ordinal))
        && !relativePath.EndsWith(".d.ts", StringComparison.Ordinal) && IsNotTestOrDependency(relativePath);

    /// <summary>
    /// <c>.test.ts</c>, for <c>.tsx</c> targets too: the tests call plain functions and contain no JSX, so they need no
    /// JSX setting of their own (Jest's default extensions and ts-jest's transform resolve the <c>.tsx</c> import).
    /// </summary>
    protected override string TestExtension(string target) => ".test.ts";

    /// <summary>
    /// <c>import { a, B } from '../src/calc';</c> (no extension: ts-jest and babel-jest resolve it) and Jest's own
    /// <c>@jest/globals</c>, so the test type-checks without <c>@types/jest</c>.
    /// </summary>
    protected override IReadOnlyList<string> ModuleImports(CodeAnalysis analysis, string target, string relative)
    {
        var withoutExtension = relative[..^Path.GetExtension(relative).Length];
        return ["import { expect, test } from '@jest/globals';", .. base.ModuleImports(analysis, target, withoutExtension)];
    }

    /// <summary>
    /// Jest must be able to run a <c>.test.ts</c> file: ts-jest named in the Jest configuration or package.json, or
    /// babel-jest with <c>@babel/preset-typescript</c>. Without either, generation stops before any work, saying so.
    /// </summary>
    public static void EnsureRunnable(string projectDirectory, string repository)
    {
        string Read(string name)
        {
            var path = Path.Combine(projectDirectory, name);
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }

        // package.json counts by its "jest" and "babel" sections: a dependency on ts-jest alone configures nothing.
        string Section(string name)
        {
            try
            {
                using var manifest = System.Text.Json.JsonDocument.Parse(Read("package.json") is { Length: > 0 } text ? text : "{}");
                return manifest.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && manifest.RootElement.TryGetProperty(name, out var section)
                    ? section.GetRawText()
                    : string.Empty;
            }
            catch (System.Text.Json.JsonException)
            {
                return string.Empty;
            }
        }

        if (JestConfigs.Select(Read).Append(Section("jest")).Any(text => text.Contains("ts-jest", StringComparison.Ordinal))
            || BabelConfigs.Select(Read).Append(Section("babel")).Any(text => text.Contains("@babel/preset-typescript", StringComparison.Ordinal)))
        {
            return;
        }

        throw new LightningException(ErrorKind.Invalid, NoTransformCode,
            $"Jest cannot run TypeScript tests in '{repository}': neither ts-jest (preset 'ts-jest' in the Jest configuration) nor babel-jest with "
            + "@babel/preset-typescript is configured. Install and configure one of them (npm install --save-dev ts-jest typescript).");
    }
}
