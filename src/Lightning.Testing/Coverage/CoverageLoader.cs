using Lightning.Testing.Coverage.Sources;

namespace Lightning.Testing.Coverage;

/// <summary>
/// The usual path from report files to a report to show or check: read each (format detected), make its paths
/// repository-relative, merge them all, and add the functions of Python, Go and Ruby files from their sources.
/// </summary>
public sealed class CoverageLoader(CoverageReader reader)
{
    public async Task<CoverageMappingResult> LoadAsync(
        IEnumerable<string> reportFiles, string repositoryRoot, CancellationToken cancellationToken, IReadOnlyList<CoveragePathMapping>? mappings = null)
    {
        ArgumentNullException.ThrowIfNull(reportFiles);
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        var mapper = new CoveragePathMapper(repositoryRoot, mappings);
        var reports = new List<CoverageReport>();
        var notFound = new SortedSet<string>(StringComparer.Ordinal);
        var outside = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in reportFiles)
        {
            var mapped = mapper.Map(await reader.ReadFileAsync(file, cancellationToken));
            reports.Add(mapped.Report);
            notFound.UnionWith(mapped.NotFound);
            outside.UnionWith(mapped.Outside);
        }

        var merged = await SourceFunctions.AddAsync(CoverageMerger.Merge(reports), new RepositorySources(repositoryRoot), cancellationToken);
        return new CoverageMappingResult(merged, [.. notFound], [.. outside]);
    }
}
