using System.Text.Json;
using Lightning.Core.Serialization;

namespace Lightning.Testing.Coverage.Reports;

/// <summary>
/// Writes a coverage report as the platform's JSON: <c>{"schema":"lightning-coverage/1","totals":...,"origins":...,
/// "sourceRoots":...,"files":[{"path","totals","lines":[{"number","hits","branchesTotal","branchesCovered",
/// "branchHits","contexts"}],"functions":[...]}]}</c>, camelCase as the API writes everything. Lossless: the
/// <see cref="Formats.LightningCoverageJsonParser"/> reads it back to the same model, so stored reports can be merged
/// and compared later. Branch fields are left out of lines without branches.
/// </summary>
public sealed class CoverageJsonWriter
{
    public const string Schema = "lightning-coverage/1";

    static readonly JsonSerializerOptions Indented = new(LightningJson.Options) { WriteIndented = true };

    public static async Task WriteAsync(CoverageReport report, Stream stream, CancellationToken cancellationToken, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var document = new CoverageJsonDocument(Schema, report.Totals, report.Origins, report.SourceRoots, report.Files);
        await JsonSerializer.SerializeAsync(stream, document, indented ? Indented : LightningJson.Options, cancellationToken);
    }
}
