using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.Jest;

/// <summary>
/// NODE_OPTIONS for the Jest processes the platform starts: Node passes them to Jest, its worker processes and worker
/// threads alike, which a command-line flag of the jest command would not reach. A project that runs Jest as native ES
/// modules gets <c>--experimental-vm-modules</c> (Jest's documented way); the coverage map's runs also preload the read
/// hooks (<c>lightning-jest-preload.js</c>). The user's own NODE_OPTIONS come first and stay.
/// </summary>
internal static partial class JestNodeOptions
{
    public const string VmModules = "--experimental-vm-modules";

    const string Variable = "NODE_OPTIONS";

    static readonly string[] ConfigFiles = ["jest.config.js", "jest.config.mjs", "jest.config.cjs", "jest.config.ts", "jest.config.mts", "jest.config.cts", "jest.config.json"];

    static readonly string[] BabelConfigs = ["babel.config.js", "babel.config.cjs", "babel.config.mjs", "babel.config.json", ".babelrc", ".babelrc.js", ".babelrc.cjs", ".babelrc.mjs", ".babelrc.json"];

    /// <summary>How many directory entries the search for <c>.mjs</c> tests reads at most (node_modules and dot folders skipped).</summary>
    const int MaxEntries = 20_000;

    /// <summary>
    /// NODE_OPTIONS with each of <paramref name="added"/> appended unless it is already there: <paramref name="existing"/>
    /// (a coverage tool's, for instance), else this process's own, which the child would have inherited.
    /// </summary>
    public static string Compose(string? existing, IEnumerable<string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var options = (existing ?? Environment.GetEnvironmentVariable(Variable) ?? string.Empty).Trim();
        foreach (var option in added)
        {
            if (!(" " + options + " ").Contains(" " + option + " ", StringComparison.Ordinal))
            {
                options = options.Length == 0 ? option : options + " " + option;
            }
        }

        return options;
    }

    /// <summary>
    /// The NODE_OPTIONS a Jest process of this project needs, or null when it needs none (the variable is then left as
    /// inherited). <paramref name="extra"/> are added after the ESM flag.
    /// </summary>
    public static string? For(string projectDirectory, IReadOnlyDictionary<string, string>? environment, params IEnumerable<string> extra)
    {
        var added = new List<string>();
        if (IsNativeEsm(projectDirectory))
        {
            added.Add(VmModules);
        }

        added.AddRange(extra);
        return added.Count == 0 ? null : Compose(environment is not null && environment.TryGetValue(Variable, out var given) ? given : null, added);
    }

    /// <summary><c>--require PATH</c>, the path quoted as Node reads NODE_OPTIONS when it has a space, quote or backslash.</summary>
    public static string Require(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IndexOfAny([' ', '"', '\\', '\t']) < 0)
        {
            return "--require " + path;
        }

        var quoted = new StringBuilder("--require \"");
        foreach (var c in path)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// Whether Jest runs this project's tests as native ES modules, so it needs <c>--experimental-vm-modules</c>: its
    /// configuration treats extensions as ESM (<c>extensionsToTreatAsEsm</c>, ts-jest's <c>useESM</c> or ESM preset);
    /// or package.json says <c>"type": "module"</c> and nothing turns the modules into CommonJS (<c>transform: {}</c>,
    /// or no transform and no Babel configuration for babel-jest to apply); or it has <c>.mjs</c> tests, which Jest
    /// never transforms. A Babel-transformed project is left alone: the flag would switch it to ESM, where
    /// <c>jest.mock</c> no longer hoists above imports.
    /// </summary>
    public static bool IsNativeEsm(string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        var package = ReadPackage(Path.Combine(projectDirectory, "package.json"));
        var typeModule = package is { } root && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "module";
        var inPackage = package is { } p && p.TryGetProperty("jest", out var jest) && jest.ValueKind == JsonValueKind.Object ? jest.GetRawText() : null;
        var configFile = ConfigFiles.Select(name => Path.Combine(projectDirectory, name)).FirstOrDefault(File.Exists);
        var config = inPackage ?? (configFile is null ? null : ReadText(configFile));

        if (config is not null && EsmExtensions().IsMatch(config))
        {
            return true;
        }

        if (typeModule)
        {
            if (config is not null && EmptyTransform().IsMatch(config))
            {
                return true;
            }

            var transforms = config is not null && AnyTransform().IsMatch(config);
            var babel = BabelConfigs.Any(name => File.Exists(Path.Combine(projectDirectory, name)))
                || (package is { } q && q.TryGetProperty("babel", out var inline) && inline.ValueKind == JsonValueKind.Object);
            if (!transforms && !babel)
            {
                return true;
            }
        }

        return HasMjsTests(projectDirectory);
    }

    static bool HasMjsTests(string directory)
    {
        var pending = new Stack<string>([directory]);
        var seen = 0;
        while (pending.Count > 0 && seen < MaxEntries)
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(pending.Pop());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                seen++;
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    if (name != "node_modules" && !name.StartsWith('.'))
                    {
                        pending.Push(entry);
                    }
                }
                else if (name.EndsWith(".mjs", StringComparison.Ordinal)
                    && (name.EndsWith(".test.mjs", StringComparison.Ordinal) || name.EndsWith(".spec.mjs", StringComparison.Ordinal)
                        || entry.Contains($"{Path.DirectorySeparatorChar}__tests__{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    static JsonElement? ReadPackage(string path)
    {
        if (ReadText(path) is not { } text)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null; // a broken package.json fails Jest with its own message
        }
    }

    static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A configuration's text (JSON, or a JavaScript/TypeScript module read as text): enough to tell these settings apart.
    [GeneratedRegex("""extensionsToTreatAsEsm["']?\s*:\s*\[\s*["']|useESM["']?\s*:\s*true|ts-jest/presets/[a-z-]*esm""")]
    private static partial Regex EsmExtensions();

    [GeneratedRegex("""["']?transform["']?\s*:\s*\{\s*\}""")]
    private static partial Regex EmptyTransform();

    [GeneratedRegex("""["']?transform["']?\s*:\s*\{\s*[^\s}]""")]
    private static partial Regex AnyTransform();
}
