using MetricsApi.Export;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Docs;

/// <summary>
/// The CSV columns a BI tool's report is built on are documented: every column either file writes is
/// named in docs/export.md, so adding one without saying what it holds fails here.
/// </summary>
public sealed class ExportDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "export.md"));

    public static TheoryData<string> Columns()
    {
        var data = new TheoryData<string>();
        foreach (var column in MetricValuesCsv.Columns.Concat(TargetProgressCsv.Columns).Distinct(StringComparer.Ordinal))
        {
            data.Add(column);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void EveryColumnIsDocumented(string column) =>
        Assert.Contains($"`{column}`", Doc, StringComparison.Ordinal);
}
