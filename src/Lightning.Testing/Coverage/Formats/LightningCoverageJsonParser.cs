using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Coverage.Reports;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>Reads the platform's own coverage JSON (<see cref="CoverageJsonWriter"/>) back into the model.</summary>
public sealed class LightningCoverageJsonParser : ICoverageParser
{
    public CoverageFormat Format => CoverageFormat.LightningJson;

    public async Task<CoverageReport> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        CoverageJsonDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<CoverageJsonDocument>(stream, LightningJson.Options, cancellationToken);
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
            throw new MalformedReportException(source, line, $"Not a Lightning coverage document: {exception.Message}", exception);
        }

        if (document is null || document.Schema != CoverageJsonWriter.Schema)
        {
            throw new MalformedReportException(source, 1, $"Not a Lightning coverage document: the schema is '{document?.Schema}', not '{CoverageJsonWriter.Schema}'.");
        }

        var files = document.Files ?? [];
        if (files.FirstOrDefault(file => string.IsNullOrEmpty(file.Path)) is not null)
        {
            throw new MalformedReportException(source, null, "A file of the coverage document has no path.");
        }

        // Built again so that lines are sorted and unique whatever wrote the document.
        var rebuilt = files.Select(file => FileCoverage.Build(file.Path, file.Lines ?? [], file.Functions ?? [], CoverageCombine.Max));
        var origins = document.Origins is { Count: > 0 } known ? known : [new CoverageOrigin(CoverageFormat.LightningJson, source, "Lightning")];
        return CoverageReport.Build(rebuilt, CoverageCombine.Sum, origins, document.SourceRoots ?? []);
    }
}
