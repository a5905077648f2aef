using MetricsApi.Features.Audit;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>Pins the canonical form documented in docs/audit-log.md, so offline verifiers stay valid.</summary>
public sealed class AuditHashingTests
{
    private static AuditEntry Example(string previousHash) => new()
    {
        Sequence = 7,
        OccurredAt = new DateTime(2026, 11, 23, 14, 5, 6, DateTimeKind.Utc).AddTicks(1234567),
        PrincipalId = "61c45448-6464-df08-f7b1-3025431bfd07",
        PrincipalName = "Zoë \"Z\" Auditor",
        Roles = "Auditor",
        Action = "READ_AUDIT_LOG",
        OperationName = null,
        DocumentHash = null,
        Purpose = null,
        Metrics = "tokens_per_active_user",
        Scope = null,
        Target = "Query.auditLog",
        Decision = "ALLOWED",
        RuleCodes = null,
        PolicyVersion = 3,
        PreviousHash = previousHash,
        Hash = "",
    };

    [Fact]
    public void CanonicalFormIsCompactJsonInTheDocumentedOrder()
    {
        var canonical = AuditHashing.CanonicalForm(Example(new string('0', 64)));

        Assert.Equal(
            """{"sequence":7,"occurred_at":"2026-11-23T14:05:06.123456Z","principal_id":"61c45448-6464-df08-f7b1-3025431bfd07","principal_name":"Zoë \"Z\" Auditor","roles":"Auditor","action":"READ_AUDIT_LOG","operation_name":null,"document_hash":null,"purpose":null,"metrics":"tokens_per_active_user","scope":null,"target":"Query.auditLog","decision":"ALLOWED","rule_codes":null,"policy_version":3,"points_served":null,"points_suppressed":null,"events_accepted":null,"events_duplicate":null,"events_rejected":null,"previous_hash":"0000000000000000000000000000000000000000000000000000000000000000"}""",
            canonical);
    }

    [Fact]
    public void HashCoversThePreviousHash()
    {
        Assert.NotEqual(AuditHashing.ComputeHash(Example(new string('0', 64))), AuditHashing.ComputeHash(Example(new string('1', 64))));
        Assert.Matches("^[0-9a-f]{64}$", AuditHashing.ComputeHash(Example(new string('0', 64))));
    }
}
