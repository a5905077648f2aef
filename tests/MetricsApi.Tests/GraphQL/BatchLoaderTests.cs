using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using MetricsApi.GraphQL;

namespace MetricsApi.Tests.GraphQL;

/// <summary>The batch loader under GraphQL.NET's serial execution strategy, as the server runs queries.</summary>
public sealed class BatchLoaderTests
{
    private sealed record Parent(int Id);

    private sealed class ParentType : ObjectGraphType<Parent>
    {
        public ParentType(BatchLoader<int, IReadOnlyList<string>> loader)
        {
            Name = "Parent";
            Field(p => p.Id);
            Field<ListGraphType<StringGraphType>>("children").Resolve(ctx => loader.Load(ctx.Source.Id));
        }
    }

    private sealed class TestSchema : Schema
    {
        public TestSchema(BatchLoader<int, IReadOnlyList<string>> loader)
        {
            var query = new ObjectGraphType { Name = "Query" };
            query.Field("parents", new ListGraphType(new ParentType(loader))).Resolve(_ => new[] { new Parent(1), new Parent(2), new Parent(3), new Parent(2) });
            Query = query;
        }
    }

    private sealed class SerialExecuter : DocumentExecuter
    {
        protected override IExecutionStrategy SelectExecutionStrategy(global::GraphQL.Execution.ExecutionContext context) =>
            context.Operation.Operation == OperationType.Query ? new SerialExecutionStrategy() : base.SelectExecutionStrategy(context);
    }

    [Fact]
    public async Task ChildrenOfAllParentsAreFetchedInOneCall()
    {
        var requestedKeys = new List<IReadOnlyCollection<int>>();
        var loader = new BatchLoader<int, IReadOnlyList<string>>((keys, _) =>
        {
            requestedKeys.Add(keys);
            IReadOnlyDictionary<int, IReadOnlyList<string>> result = keys.Where(k => k != 3).ToDictionary(k => k, k => (IReadOnlyList<string>)[$"child-{k}-a", $"child-{k}-b"]);
            return Task.FromResult(result);
        });

        var result = await new SerialExecuter().ExecuteAsync(new ExecutionOptions { Schema = new TestSchema(loader), Query = "{ parents { id children } }" });
        var json = new global::GraphQL.SystemTextJson.GraphQLSerializer().Serialize(result);

        Assert.Null(result.Errors);
        Assert.Equal(1, loader.FetchCount);
        Assert.Equal([1, 2, 3], requestedKeys.Single().Order());
        Assert.Equal(
            """{"data":{"parents":[{"id":1,"children":["child-1-a","child-1-b"]},{"id":2,"children":["child-2-a","child-2-b"]},{"id":3,"children":null},{"id":2,"children":["child-2-a","child-2-b"]}]}}""",
            json);
    }

    [Fact]
    public async Task KeysRequestedAfterABatchGoInTheNextBatch()
    {
        var calls = 0;
        var loader = new BatchLoader<int, string>((keys, _) =>
        {
            calls++;
            IReadOnlyDictionary<int, string> result = keys.ToDictionary(k => k, k => $"v{k}");
            return Task.FromResult(result);
        });

        var first = loader.Load(1);
        Assert.Equal("v1", await first.GetResultAsync());
        var second = loader.Load(2);
        var again = loader.Load(1);

        Assert.Equal("v2", await second.GetResultAsync());
        Assert.Equal("v1", await again.GetResultAsync());
        Assert.Equal(2, calls);
    }
}
