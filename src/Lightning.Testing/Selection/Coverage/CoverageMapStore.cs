using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Core.Storage;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Selection.Coverage;

/// <summary>
/// Keeps coverage maps as JSON files in the data directory: <c>testing/selection-maps/&lt;repository key&gt;/&lt;project
/// key&gt;/&lt;commit&gt;.json</c>, the repository key being a hash of its directory, so one data directory serves many
/// repositories. The newest few maps per project are kept (<see cref="Keep"/>).
/// </summary>
public sealed class CoverageMapStore(IOptions<LightningOptions> options)
{
    public int Keep { get; init; } = 20;

    string Directory(string repository, string project) =>
        options.Value.DataPath("testing", "selection-maps", Key(Path.GetFullPath(repository)), Key(project));

    public async Task SaveAsync(CoverageMap map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var directory = Directory(map.Repository, map.Project);
        System.IO.Directory.CreateDirectory(directory);
        var name = (map.Commit ?? "no-commit") + (map.Dirty ? "-dirty" : string.Empty) + ".json";
        var temporary = Path.Combine(directory, name + ".tmp");
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, map, LightningJson.Options, cancellationToken);
        }

        File.Move(temporary, Path.Combine(directory, name), overwrite: true);
        foreach (var old in new DirectoryInfo(directory).GetFiles("*.json").OrderByDescending(file => file.LastWriteTimeUtc).Skip(Keep))
        {
            old.Delete();
        }
    }

    /// <summary>
    /// The map for <paramref name="commit"/> when there is one (a clean one first), else the newest map of the project,
    /// whose lines the caller translates; null when none was built.
    /// </summary>
    public async Task<CoverageMap?> FindAsync(string repository, string project, string? commit, CancellationToken cancellationToken)
    {
        var directory = Directory(repository, project);
        if (!System.IO.Directory.Exists(directory))
        {
            return null;
        }

        var files = new DirectoryInfo(directory).GetFiles("*.json");
        var chosen = (commit is null ? null : files.FirstOrDefault(file => file.Name == commit + ".json") ?? files.FirstOrDefault(file => file.Name == commit + "-dirty.json"))
            ?? files.OrderByDescending(file => file.LastWriteTimeUtc).FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        await using var stream = chosen.OpenRead();
        var map = await JsonSerializer.DeserializeAsync<CoverageMap>(stream, LightningJson.Options, cancellationToken);
        return map?.Schema == CoverageMap.SchemaName ? map : null;
    }

    /// <summary>The newest map of each project of <paramref name="repository"/> that has one.</summary>
    public async Task<IReadOnlyList<CoverageMap>> NewestPerProjectAsync(string repository, CancellationToken cancellationToken)
    {
        var root = options.Value.DataPath("testing", "selection-maps", Key(Path.GetFullPath(repository)));
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        var maps = new List<CoverageMap>();
        foreach (var project in new DirectoryInfo(root).GetDirectories())
        {
            if (project.GetFiles("*.json").OrderByDescending(file => file.LastWriteTimeUtc).FirstOrDefault() is not { } newest) continue;
            await using var stream = newest.OpenRead();
            if (await JsonSerializer.DeserializeAsync<CoverageMap>(stream, LightningJson.Options, cancellationToken) is { Schema: CoverageMap.SchemaName } map)
            {
                maps.Add(map);
            }
        }

        return maps;
    }

    static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
