using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>Releases are published tables: the database itself refuses to change or remove them, as for the audit log.</summary>
public abstract class ReleaseImmutabilityTests(DatabaseKind kind)
{
    [Theory]
    [InlineData("UPDATE release_cells SET value = 0")]
    [InlineData("DELETE FROM release_cells")]
    [InlineData("UPDATE releases SET built_at = built_at")]
    [InlineData("DELETE FROM releases")]
    [InlineData("UPDATE period_vintages SET data_cutoff = data_cutoff")]
    [InlineData("DELETE FROM period_vintages")]
    public async Task TheDatabaseRefusesToChangeOrRemoveAReleasedRow(string sql)
    {
        await using var app = await StartAsync(kind);

        var error = await Record.ExceptionAsync(() => app.ExecuteAsync(sql));

        Assert.NotNull(error);
        Assert.Contains("immutable", error.ToString(), StringComparison.Ordinal);
    }
}

public sealed class ReleaseImmutabilityTestsOnSqlite() : ReleaseImmutabilityTests(DatabaseKind.Sqlite);

public sealed class ReleaseImmutabilityTestsOnPostgreSql() : ReleaseImmutabilityTests(DatabaseKind.PostgreSql);
