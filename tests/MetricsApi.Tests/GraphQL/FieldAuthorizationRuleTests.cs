using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using MetricsApi.GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsApi.Tests.GraphQL;

/// <summary>
/// The authorization rule on a small schema with role metadata, executed by GraphQL.NET exactly as the
/// endpoint does. Feature tests (audit log, catalogue ...) cover the rule again through HTTP.
/// </summary>
public sealed class FieldAuthorizationRuleTests
{
    private sealed class SecretInput : InputObjectGraphType
    {
        public SecretInput()
        {
            Name = "SecretInput";
            Field<StringGraphType>("note");
            this.AuthorizeWithRoles("PrivacyOfficer");
        }
    }

    private sealed class TestQuery : ObjectGraphType
    {
        public TestQuery()
        {
            Name = "Query";
            Field<StringGraphType>("open").Resolve(_ => "open");
            Field<StringGraphType>("audited").AuthorizeWithRoles("Auditor").Resolve(_ => "audited");
            Field<StringGraphType>("stewarded").AuthorizeWithRoles("MetricSteward", "PrivacyOfficer").Resolve(_ => "stewarded");
            Field<StringGraphType>("withInput").Argument<SecretInput>("input").Resolve(_ => "input");
            Field<StringGraphType>("withSecretArgument")
                .Argument<StringGraphType>("secret", configure: a => a.AuthorizeWithRoles("Auditor"))
                .Resolve(_ => "arg");
        }
    }

    private static Task<ExecutionResult> RunAsync(string query, params string[] roles) =>
        RunAsync(query, new ClaimsIdentity(roles.Select(r => new Claim("roles", r)).Append(new Claim("name", "tester")), "Bearer", "name", "roles"));

    private static async Task<ExecutionResult> RunAsync(string query, ClaimsIdentity identity, string? operationName = null)
    {
        var services = new ServiceCollection().AddLogging().AddAuthorization().BuildServiceProvider();
        return await new DocumentExecuter().ExecuteAsync(new ExecutionOptions
        {
            Schema = new Schema { Query = new TestQuery() },
            Query = query,
            OperationName = operationName,
            User = new ClaimsPrincipal(identity),
            RequestServices = services,
            ValidationRules = global::GraphQL.Validation.DocumentValidator.CoreRules.Append(new FieldAuthorizationRule()),
        });
    }

    private static string? Code(ExecutionResult result) => result.Errors?.Select(e => e.Code).FirstOrDefault();

    [Fact]
    public async Task FieldWithoutMetadataIsOpenToAnyAuthenticatedCaller()
    {
        var result = await RunAsync("{ open }");

        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task FieldNeedingARoleTheCallerLacksIsForbiddenAndNothingExecutes()
    {
        var result = await RunAsync("{ open audited }", "Engineer");

        Assert.Equal("FORBIDDEN", Code(result));
        Assert.False(result.Executed);
        Assert.Contains("Query.audited", result.Errors![0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOneOfTheListedRolesIsEnough()
    {
        Assert.Null((await RunAsync("{ stewarded }", "PrivacyOfficer")).Errors);
        Assert.Null((await RunAsync("{ audited }", "Auditor")).Errors);
    }

    [Fact]
    public async Task AliasesDoNotHideAField()
    {
        var result = await RunAsync("{ a: open b: audited c: audited }", "Engineer");

        Assert.Equal("FORBIDDEN", Code(result));
        Assert.Single(result.Errors!);
    }

    [Fact]
    public async Task FragmentsAndInlineFragmentsAreChecked()
    {
        Assert.Equal("FORBIDDEN", Code(await RunAsync("query { ...F } fragment F on Query { audited }", "Engineer")));
        Assert.Equal("FORBIDDEN", Code(await RunAsync("query { ... on Query { audited } }", "Engineer")));
    }

    [Fact]
    public async Task SkipDoesNotBypassTheCheck()
    {
        var result = await RunAsync("{ open audited @skip(if: true) }", "Engineer");

        Assert.Equal("FORBIDDEN", Code(result));
    }

    [Fact]
    public async Task OnlyTheExecutedOperationIsChecked()
    {
        var result = await RunAsync("query Mine { open } query Theirs { audited }", new ClaimsIdentity([new Claim("roles", "Engineer")], "Bearer", "name", "roles"), "Mine");

        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task ArgumentsAndInputTypesWithMetadataAreChecked()
    {
        Assert.Equal("FORBIDDEN", Code(await RunAsync("{ withSecretArgument(secret: \"x\") }", "Engineer")));
        Assert.Equal("FORBIDDEN", Code(await RunAsync("{ withInput(input: { note: \"x\" }) }", "Engineer")));
        Assert.Null((await RunAsync("{ withInput(input: { note: \"x\" }) }", "PrivacyOfficer")).Errors);
        Assert.Null((await RunAsync("{ withInput }", "Engineer")).Errors);
    }

    [Fact]
    public async Task IntrospectionIsOpenToAuthenticatedCallers()
    {
        var result = await RunAsync("{ __schema { queryType { name } } __typename }");

        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task AnonymousPrincipalIsRefused()
    {
        var result = await RunAsync("{ stewarded }", new ClaimsIdentity());

        Assert.Equal("FORBIDDEN", Code(result));
    }
}
