using System.Security.Cryptography;
using System.Text;
using MetricsApi.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>
/// The audit log through the real endpoint. Every test gets a fresh database, because several of
/// them tamper with it; each runs on SQLite and on the real PostgreSQL server.
/// </summary>
public abstract class AuditLogTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind, EmptyCatalogue);

    // These tests count audit entries from 1: start without the standard catalogue's entries.
    private static readonly Dictionary<string, string?> EmptyCatalogue = new() { ["Catalogue:PublishStandard"] = "false" };

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DenialIsRecordedWithWhoWhatAndWhy()
    {
        var denied = await _app.DeniedRequestAsync("Eve Engineer");

        Assert.Equal(403, denied.Status);
        Assert.Equal(["FORBIDDEN"], denied.ErrorCodes);
        var entry = Assert.Single(await _app.AuditEntriesAsync("{ action: DENIED }"));
        Assert.Equal(TestTokens.ObjectIdFor("Eve Engineer"), entry!["principalId"]!.GetValue<string>());
        Assert.Equal("Eve Engineer", entry["principalName"]!.GetValue<string>());
        Assert.Equal(["ENGINEER"], entry["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("DENIED", entry["decision"]!.GetValue<string>());
        Assert.Equal("Query.auditLog", entry["target"]!.GetValue<string>());
        Assert.Equal(["ROLE_REQUIRED"], entry["ruleCodes"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("Snoop", entry["operationName"]!.GetValue<string>());
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("query Snoop { auditLog { totalCount } }"))),
            entry["documentHash"]!.GetValue<string>());
        Assert.Equal(1, entry["sequence"]!.GetValue<long>());
        Assert.Equal(new string('0', 64), entry["previousHash"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("Manager")]
    [InlineData("Leader")]
    [InlineData("Analyst")]
    [InlineData("MetricSteward")]
    [InlineData("PrivacyOfficer")]
    [InlineData("Ingestor")]
    public async Task OnlyAuditorsMayReadOrVerifyTheLog(string role)
    {
        var client = _app.ClientFor("someone", role);

        var read = await client.PostGraphQLAsync("{ auditLog { totalCount } }");
        var verify = await client.PostGraphQLAsync("{ verifyAuditLog { ok } }");

        Assert.Equal(["FORBIDDEN"], read.ErrorCodes);
        Assert.Equal(["FORBIDDEN"], verify.ErrorCodes);
        Assert.Null(read.Data);
        Assert.Equal(2, (await _app.AuditEntriesAsync("{ action: DENIED }")).Count);
    }

    [Fact]
    public async Task ViewerIsNotAudited()
    {
        await _app.ClientFor("someone", "Engineer").PostGraphQLAsync("{ viewer { displayName } }");

        var read = await _app.Auditor().PostGraphQLAsync("{ auditLog { totalCount } }");

        Assert.Equal(0, read.Data!["auditLog"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReadingTheLogIsItselfAuditedWithTheFilterPurposeAndMetric()
    {
        await _app.Auditor().PostGraphQLAsync("{ auditLog(where: { purpose: TOOL_EVALUATION, metric: \"tokens_per_active_user\" }) { totalCount } }");

        var reads = await _app.AuditEntriesAsync("{ action: READ_AUDIT_LOG, metric: \"tokens_per_active_user\" }");

        var entry = Assert.Single(reads);
        Assert.Equal("TOOL_EVALUATION", entry!["purpose"]!.GetValue<string>());
        Assert.Equal("ALLOWED", entry["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task PagesAreNewestFirstWithWorkingCursors()
    {
        for (var i = 0; i < 5; i++)
        {
            await _app.DeniedRequestAsync($"user{i}");
        }

        var auditor = _app.Auditor();
        var page1 = await auditor.PostGraphQLAsync("{ auditLog(first: 2, where: { action: DENIED }) { totalCount edges { cursor node { sequence principalName } } pageInfo { hasNextPage hasPreviousPage endCursor } } }");
        var cursor = page1.Data!["auditLog"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var page2 = await auditor.PostGraphQLAsync("query($after: String) { auditLog(first: 2, after: $after, where: { action: DENIED }) { edges { node { sequence } } pageInfo { hasNextPage hasPreviousPage } } }", new { after = cursor });

        Assert.Equal(5, page1.Data!["auditLog"]!["totalCount"]!.GetValue<int>());
        Assert.Equal([5L, 4L], page1.Data!["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!["sequence"]!.GetValue<long>()));
        Assert.Equal("user4", page1.Data!["auditLog"]!["edges"]![0]!["node"]!["principalName"]!.GetValue<string>());
        Assert.True(page1.Data!["auditLog"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(page1.Data!["auditLog"]!["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.Equal([3L, 2L], page2.Data!["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!["sequence"]!.GetValue<long>()));
        Assert.True(page2.Data!["auditLog"]!["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FiltersByPrincipalDecisionAndTime()
    {
        await _app.DeniedRequestAsync("Eve Engineer");
        await _app.DeniedRequestAsync("Frank Engineer");
        var future = DateTime.UtcNow.AddDays(1).ToString("O");

        Assert.Single(await _app.AuditEntriesAsync("{ principal: \"Frank Engineer\" }"));
        Assert.Single(await _app.AuditEntriesAsync($"{{ principal: \"{TestTokens.ObjectIdFor("Eve Engineer")}\" }}"));
        Assert.Equal(2, (await _app.AuditEntriesAsync("{ decision: DENIED }")).Count);
        Assert.Empty(await _app.AuditEntriesAsync($"{{ from: \"{future}\" }}"));
        Assert.Empty(await _app.AuditEntriesAsync("{ to: \"2001-01-01T00:00:00Z\" }"));
    }

    [Theory]
    [InlineData("{ auditLog(first: 0) { totalCount } }", "first")]
    [InlineData("{ auditLog(first: 501) { totalCount } }", "first")]
    [InlineData("{ auditLog(after: \"not-a-cursor\") { totalCount } }", "after")]
    public async Task BadPagingArgumentsAreBadUserInput(string query, string field)
    {
        var response = await _app.Auditor().PostGraphQLAsync(query);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal(field, response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task UntouchedChainVerifies()
    {
        for (var i = 0; i < 3; i++)
        {
            await _app.DeniedRequestAsync($"user{i}");
        }

        var result = await _app.VerifyAsync();

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(3, result["entriesChecked"]!.GetValue<int>());
        Assert.Null(result["firstBrokenSequence"]);
        Assert.Equal(4, (await _app.AuditEntriesAsync("{ action: VERIFY_AUDIT_LOG }"))[0]!["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task EditedRowIsReportedAsHashMismatch()
    {
        await SeedEntriesAsync(4);
        await _app.DisableAuditTriggersAsync();
        await _app.ExecuteAsync("UPDATE audit_entries SET principal_name = 'Someone Else' WHERE sequence = 2");

        var result = await _app.VerifyAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(2, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Equal("HASH_MISMATCH", result["problem"]!.GetValue<string>());
        Assert.Equal(1, result["entriesChecked"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeletedRowIsReportedAsGap()
    {
        await SeedEntriesAsync(4);
        await _app.DisableAuditTriggersAsync();
        await _app.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 3");

        var result = await _app.VerifyAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(3, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Equal("SEQUENCE_GAP", result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReorderedRowsAreReported()
    {
        await SeedEntriesAsync(4);
        await _app.DisableAuditTriggersAsync();
        await _app.ExecuteAsync("UPDATE audit_entries SET sequence = -2 WHERE sequence = 2");
        await _app.ExecuteAsync("UPDATE audit_entries SET sequence = 2 WHERE sequence = 3");
        await _app.ExecuteAsync("UPDATE audit_entries SET sequence = 3 WHERE sequence = -2");

        var result = await _app.VerifyAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(2, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Contains(result["problem"]!.GetValue<string>(), new[] { "HASH_MISMATCH", "PREVIOUS_HASH_MISMATCH" });
    }

    [Fact]
    public async Task RewrittenRowWithRecomputedHashIsCaughtByTheNextLink()
    {
        await SeedEntriesAsync(3);
        await _app.DisableAuditTriggersAsync();
        var forged = await _app.WithDbAsync(async db =>
        {
            var entry = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == 2);
            var edited = new AuditEntry
            {
                Sequence = entry.Sequence,
                OccurredAt = entry.OccurredAt,
                PrincipalId = entry.PrincipalId,
                PrincipalName = "Forged",
                Roles = entry.Roles,
                Action = entry.Action,
                OperationName = entry.OperationName,
                DocumentHash = entry.DocumentHash,
                Target = entry.Target,
                Decision = entry.Decision,
                RuleCodes = entry.RuleCodes,
                PreviousHash = entry.PreviousHash,
                Hash = "",
            };
            return AuditHashing.ComputeHash(edited);
        });
        await _app.ExecuteAsync($"UPDATE audit_entries SET principal_name = 'Forged', hash = '{forged}' WHERE sequence = 2");

        var result = await _app.VerifyAsync();

        Assert.Equal(3, result["firstBrokenSequence"]!.GetValue<long>());
        Assert.Equal("PREVIOUS_HASH_MISMATCH", result["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task EntriesCutOffTheEndAreReported()
    {
        await SeedEntriesAsync(3);
        await _app.DisableAuditTriggersAsync();
        await _app.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 3");

        var result = await _app.VerifyAsync();

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal("HEAD_MISMATCH", result["problem"]!.GetValue<string>());
        Assert.Equal(3, result["firstBrokenSequence"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET principal_name = 'x' WHERE sequence = 1")]
    [InlineData("DELETE FROM audit_entries WHERE sequence = 1")]
    public async Task DatabaseRefusesUpdateAndDelete(string sql)
    {
        await SeedEntriesAsync(1);

        var error = await Record.ExceptionAsync(() => _app.ExecuteAsync(sql));

        Assert.NotNull(error);
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.True((await _app.VerifyAsync())["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModelRefusesToSaveAChangedOrRemovedEntry()
    {
        await SeedEntriesAsync(1);

        var error = await Record.ExceptionAsync(() => _app.WithDbAsync(async db =>
        {
            var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Sequence == 1);
            db.Remove(entry);
            return await db.SaveChangesAsync();
        }));

        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public async Task ConcurrentAppendsKeepOneUnbrokenChain()
    {
        const int requests = 40;
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => _app.DeniedRequestAsync($"parallel{i}")));

        Assert.All(responses, r => Assert.Equal(403, r.Status));
        var entries = await _app.AuditEntriesAsync("{ action: DENIED }");
        Assert.Equal(Enumerable.Range(1, requests).Select(i => (long)i).Reverse(), entries.Select(e => e!["sequence"]!.GetValue<long>()));
        Assert.Equal(requests, entries.Select(e => e!["previousHash"]!.GetValue<string>()).Distinct().Count());
        var verification = await _app.VerifyAsync();
        Assert.True(verification["ok"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(requests + 1, verification["entriesChecked"]!.GetValue<int>());
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseAppendToOneChain()
    {
        // A second API instance on the same database: only the database lock orders the two.
        await using var second = new MetricsApiFactory(kind, _app.ConnectionString, settings: EmptyCatalogue);
        const int perInstance = 20;

        var responses = await Task.WhenAll(Enumerable.Range(0, perInstance).SelectMany(i => new[]
        {
            _app.DeniedRequestAsync($"first{i}"),
            second.DeniedRequestAsync($"second{i}"),
        }));

        Assert.All(responses, r => Assert.Equal(403, r.Status));
        var entries = await _app.AuditEntriesAsync("{ action: DENIED }");
        Assert.Equal(Enumerable.Range(1, 2 * perInstance).Select(i => (long)i).Reverse(), entries.Select(e => e!["sequence"]!.GetValue<long>()));
        var verification = await second.VerifyAsync();
        Assert.True(verification["ok"]!.GetValue<bool>(), verification.ToJsonString());
    }

    [Fact]
    public async Task WhenTheAuditLogCannotBeWrittenGovernedRequestsFailClosed()
    {
        await SeedEntriesAsync(1);
        await _app.BreakAuditInsertsAsync();

        var denied = await _app.DeniedRequestAsync();
        var read = await _app.Auditor().PostGraphQLAsync("{ auditLog { totalCount nodes { sequence } } }");
        var viewer = await _app.ClientFor("someone", "Engineer").PostGraphQLAsync("{ viewer { displayName } }");

        Assert.Equal(503, denied.Status);
        Assert.Equal(["AUDIT_UNAVAILABLE"], denied.ErrorCodes);
        Assert.Equal(503, read.Status);
        Assert.Equal(["AUDIT_UNAVAILABLE"], read.ErrorCodes);
        Assert.False(read.Body.ContainsKey("data"));
        Assert.Equal(200, viewer.Status);
    }

    private async Task SeedEntriesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _app.DeniedRequestAsync($"seed{i}");
        }
    }
}

public sealed class AuditLogTestsOnSqlite() : AuditLogTests(DatabaseKind.Sqlite);

public sealed class AuditLogTestsOnPostgreSql() : AuditLogTests(DatabaseKind.PostgreSql);
