using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>Queries the audit log the way an auditor's tool would.</summary>
public static class AuditClient
{
    public const string EntryFields = "sequence occurredAt principalId principalName roles action operationName documentHash purpose metrics scope target decision ruleCodes policyVersion previousHash hash";

    public static HttpClient Auditor(this MetricsApiFactory factory) => factory.ClientFor("Ada Auditor", "Auditor");

    public static async Task<JsonArray> AuditEntriesAsync(this MetricsApiFactory factory, string where = "{}", int first = 500)
    {
        var response = await factory.Auditor().PostGraphQLAsync($"{{ auditLog(first: {first}, where: {where}) {{ nodes {{ {EntryFields} }} }} }}");
        Assert.True(response.Status == 200, response.ToString());
        return response.Data!["auditLog"]!["nodes"]!.AsArray();
    }

    public static async Task<JsonNode> VerifyAsync(this MetricsApiFactory factory)
    {
        var response = await factory.Auditor().PostGraphQLAsync(
            "{ verifyAuditLog { ok entriesChecked firstCheckedSequence lastCheckedSequence firstBrokenSequence problem message headHash } }");
        Assert.True(response.Status == 200, response.ToString());
        return response.Data!["verifyAuditLog"]!;
    }

    /// <summary>A request the authorization rule refuses, so it leaves one DENIED entry.</summary>
    public static Task<GraphQLResponse> DeniedRequestAsync(this MetricsApiFactory factory, string user = "Eve Engineer") =>
        factory.ClientFor(user, "Engineer").PostGraphQLAsync("query Snoop { auditLog { totalCount } }");
}
