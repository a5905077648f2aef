using GraphQL.Types;
using MetricsApi.GraphQL;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsApi.Tests.GraphQL;

public sealed class SchemaExportTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void CommittedSchemaIsWhatTheServerPrints()
    {
        var printed = GraphQLRegistration.PrintSdl(app.Factory.Services.GetRequiredService<ISchema>());
        var committed = File.ReadAllText(RepositoryPaths.File("schema", "metrics.graphql")).ReplaceLineEndings("\n");

        Assert.True(
            committed == printed,
            "schema/metrics.graphql differs from the schema the server serves. Re-export it with: dotnet run --project src/MetricsApi -- export-schema");
    }

    [Fact]
    public void EveryTypeFieldArgumentAndEnumValueIsDescribed()
    {
        var schema = app.Factory.Services.GetRequiredService<ISchema>();
        var missing = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }

            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                    {
                        missing.Add($"{type.Name}.{field.Name}");
                    }

                    foreach (var argument in field.Arguments ?? [])
                    {
                        if (string.IsNullOrWhiteSpace(argument.Description))
                        {
                            missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                        }
                    }
                }
            }

            if (type is EnumerationGraphType enumeration)
            {
                missing.AddRange(enumeration.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
            }
        }

        Assert.Empty(missing);
    }
}
