namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>Tells build, package, container and CI files from their names and places.</summary>
internal static class ManifestCatalog
{
    static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["package.json"] = "npm",
        ["pyproject.toml"] = "python",
        ["setup.py"] = "python",
        ["setup.cfg"] = "python",
        ["Pipfile"] = "python",
        ["go.mod"] = "go",
        ["pom.xml"] = "maven",
        ["build.gradle"] = "gradle",
        ["build.gradle.kts"] = "gradle",
        ["settings.gradle"] = "gradle",
        ["settings.gradle.kts"] = "gradle",
        ["Gemfile"] = "bundler",
        ["composer.json"] = "composer",
        ["Cargo.toml"] = "cargo",
        ["Makefile"] = "make",
        ["GNUmakefile"] = "make",
        ["CMakeLists.txt"] = "cmake",
        ["global.json"] = "dotnet",
        ["Directory.Build.props"] = "dotnet",
        ["Directory.Packages.props"] = "dotnet",
    };

    public static string? KindOf(string path)
    {
        var name = FileName(path);
        if (ByName.TryGetValue(name, out var kind))
        {
            return kind;
        }

        if (IsRequirements(name))
        {
            return "python";
        }

        if (name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
        {
            return "dotnet";
        }

        if (IsDockerfile(name))
        {
            return "docker";
        }

        if (IsComposeFile(name))
        {
            return "compose";
        }

        return CiProviderOf(path) is null ? null : "ci";
    }

    public static bool IsRequirements(string name) =>
        name.StartsWith("requirements", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    public static bool IsDockerfile(string name) =>
        name is "Dockerfile" or "Containerfile"
        || name.StartsWith("Dockerfile.", StringComparison.Ordinal)
        || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase);

    public static bool IsComposeFile(string name) =>
        (name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase))
        && (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The CI system that reads a file, or null when it is not a CI file.</summary>
    public static string? CiProviderOf(string path)
    {
        var name = FileName(path);
        var directory = DirectoryOf(path);
        var yaml = name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        if (yaml && (directory == ".github/workflows" || directory.EndsWith("/.github/workflows", StringComparison.Ordinal)))
        {
            return "github-actions";
        }

        if (yaml && (directory == ".circleci" || directory.EndsWith("/.circleci", StringComparison.Ordinal)) && name.StartsWith("config.", StringComparison.Ordinal))
        {
            return "circleci";
        }

        return name switch
        {
            ".gitlab-ci.yml" or ".gitlab-ci.yaml" => "gitlab-ci",
            "Jenkinsfile" => "jenkins",
            "azure-pipelines.yml" or "azure-pipelines.yaml" => "azure-pipelines",
            "bitbucket-pipelines.yml" => "bitbucket-pipelines",
            ".travis.yml" => "travis-ci",
            ".drone.yml" => "drone",
            _ => null,
        };
    }

    public static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>The directory of a relative path, <c>""</c> for the analysed directory itself.</summary>
    public static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
