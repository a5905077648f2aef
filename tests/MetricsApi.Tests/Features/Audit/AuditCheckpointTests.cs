using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>
/// Signed checkpoints of the audit log: made on demand and periodically, signed with a key held
/// outside the database, readable by Auditors only, and what catches a chain rewritten with
/// recomputed hashes — in the API's own verification and in the offline verifier.
/// </summary>
public abstract class AuditCheckpointTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string CheckpointFields = "sequence headHash createdAt origin keyId signature note";

    protected MetricsApiFactory App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Catalogue:PublishStandard"] = "false" });

    public async Task DisposeAsync() => await App.DisposeAsync();

    private async Task<JsonNode> CreateCheckpointAsync()
    {
        var response = await App.Auditor().PostGraphQLAsync($"mutation {{ createAuditCheckpoint {{ {CheckpointFields} }} }}");
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data!["createAuditCheckpoint"]!;
    }

    private async Task<string> PublicKeyPemAsync()
    {
        var response = await App.Auditor().PostGraphQLAsync("{ auditCheckpointKey { algorithm keyId publicKeyPem } }");
        Assert.Equal("ECDSA_P256_SHA256", response.Data!["auditCheckpointKey"]!["algorithm"]!.GetValue<string>());
        return response.Data!["auditCheckpointKey"]!["publicKeyPem"]!.GetValue<string>();
    }

    private async Task<string> HashOfEntryAsync(long sequence) =>
        await App.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.Sequence == sequence).Select(e => e.Hash).SingleAsync());

    /// <summary>What a DBA with full control can do: change entry <paramref name="sequence"/>, recompute every hash after it and move the head.</summary>
    private async Task RewriteChainFromAsync(long sequence)
    {
        await App.DisableAuditTriggersAsync();
        var entries = await App.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        var previous = entries.Single(e => e.Sequence == sequence - 1).Hash;
        foreach (var entry in entries.Where(e => e.Sequence >= sequence))
        {
            var roles = entry.Sequence == sequence ? "Auditor" : entry.Roles;
            var rewritten = Copy(entry, roles, previous);
            var hash = AuditHashing.ComputeHash(rewritten);
            await App.ExecuteAsync($"UPDATE audit_entries SET roles = '{roles}', previous_hash = '{previous}', hash = '{hash}' WHERE sequence = {entry.Sequence}");
            previous = hash;
        }

        await App.ExecuteAsync($"UPDATE audit_chain_head SET hash = '{previous}' WHERE id = 1");
    }

    private static AuditEntry Copy(AuditEntry e, string roles, string previousHash) => new()
    {
        Sequence = e.Sequence,
        OccurredAt = e.OccurredAt,
        PrincipalId = e.PrincipalId,
        PrincipalName = e.PrincipalName,
        Roles = roles,
        Action = e.Action,
        OperationName = e.OperationName,
        DocumentHash = e.DocumentHash,
        Purpose = e.Purpose,
        Metrics = e.Metrics,
        Scope = e.Scope,
        Target = e.Target,
        Decision = e.Decision,
        RuleCodes = e.RuleCodes,
        PolicyVersion = e.PolicyVersion,
        PointsServed = e.PointsServed,
        PointsSuppressed = e.PointsSuppressed,
        EventsAccepted = e.EventsAccepted,
        EventsDuplicate = e.EventsDuplicate,
        EventsRejected = e.EventsRejected,
        PreviousHash = previousHash,
        Hash = "",
    };

    /// <summary>Runs tools/audit-verify/verify_audit_chain.py on this database's export, as docs/audit-log.md says.</summary>
    protected abstract Task<(int ExitCode, string Output)> VerifyOfflineAsync(params string[] arguments);

    protected static async Task<(int ExitCode, string Output)> RunVerifierAsync(IEnumerable<string> arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepositoryPaths.File("tools", "audit-verify", "verify_audit_chain.py"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (output + error).Trim());
    }

    private static async Task<string> WriteTempAsync(string text)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, text, new UTF8Encoding(false));
        return file;
    }

    [Fact]
    public async Task OnDemandCheckpointSignsTheCurrentHeadAndVerifiesWithThePublicKeyAlone()
    {
        await App.DeniedRequestAsync();
        await App.DeniedRequestAsync("second");

        var checkpoint = await CreateCheckpointAsync();
        var publicKey = await PublicKeyPemAsync();

        Assert.Equal(2, checkpoint["sequence"]!.GetValue<long>());
        Assert.Equal(await HashOfEntryAsync(2), checkpoint["headHash"]!.GetValue<string>());
        Assert.EndsWith("Z", checkpoint["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);
        var note = checkpoint["note"]!.GetValue<string>();
        var body = note[..(note.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
        Assert.Equal($"metricsapi/audit-log\n2\n{checkpoint["headHash"]}\n", body[..body.LastIndexOf('\n', body.Length - 2)] + "\n");
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(publicKey);
        Assert.True(verifier.VerifyData(Encoding.UTF8.GetBytes(body), Convert.FromBase64String(checkpoint["signature"]!.GetValue<string>()),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.DoesNotContain("PRIVATE", publicKey, StringComparison.Ordinal);
        var recorded = Assert.Single(await App.AuditEntriesAsync("{ action: CHECKPOINT_AUDIT_LOG }"))!;
        Assert.Equal("checkpoint at 2", recorded["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task CheckpointsAreListedNewestFirstForAuditorsOnly()
    {
        await App.DeniedRequestAsync();
        await CreateCheckpointAsync();
        await CreateCheckpointAsync();

        var list = await App.Auditor().PostGraphQLAsync($"{{ auditCheckpoints(first: 10) {{ totalCount nodes {{ {CheckpointFields} }} }} }}");
        var engineer = await App.ClientFor("eve", "Engineer").PostGraphQLAsync("{ auditCheckpoints { totalCount } auditCheckpointKey { keyId } }");
        var engineerCreate = await App.ClientFor("eve", "Engineer").PostGraphQLAsync("mutation { createAuditCheckpoint { sequence } }");

        Assert.Equal(2, list.Data!["auditCheckpoints"]!["totalCount"]!.GetValue<int>());
        Assert.Equal([2L, 1L], list.Data!["auditCheckpoints"]!["nodes"]!.AsArray().Select(n => n!["sequence"]!.GetValue<long>()));
        Assert.True(engineer.Status == 403 && engineerCreate.Status == 403, $"{engineer} / {engineerCreate}");
        Assert.Equal(2, await App.WithDbAsync(db => db.Set<AuditCheckpoint>().CountAsync()));
    }

    [Fact]
    public async Task ChainRewrittenWithRecomputedHashesIsCaughtByTheSignedCheckpoint()
    {
        for (var i = 0; i < 4; i++)
        {
            await App.DeniedRequestAsync($"user {i}");
        }

        var checkpoint = await CreateCheckpointAsync();
        var noteFile = await WriteTempAsync(checkpoint["note"]!.GetValue<string>());
        var keyFile = await WriteTempAsync(await PublicKeyPemAsync());
        var (cleanExit, cleanOutput) = await VerifyOfflineAsync("--checkpoint", noteFile, "--public-key", keyFile);
        Assert.True(cleanExit == 0, cleanOutput);
        Assert.Contains("1 signed checkpoint(s) match", cleanOutput, StringComparison.Ordinal);

        await RewriteChainFromAsync(2);

        // The chain alone still verifies: whoever controls the database recomputed it.
        var (chainOnlyExit, chainOnlyOutput) = await VerifyOfflineAsync();
        Assert.True(chainOnlyExit == 0, chainOnlyOutput);
        var (exit, output) = await VerifyOfflineAsync("--checkpoint", noteFile, "--public-key", keyFile);
        Assert.Equal(1, exit);
        Assert.StartsWith("broken at 4: CHECKPOINT_MISMATCH", output, StringComparison.Ordinal);
        var online = await App.VerifyAsync();
        Assert.False(online["ok"]!.GetValue<bool>(), online.ToJsonString());
        Assert.Equal(("CHECKPOINT_MISMATCH", 4L), (online["problem"]!.GetValue<string>(), online["firstBrokenSequence"]!.GetValue<long>()));
    }

    [Fact]
    public async Task AlteredCheckpointNoteFailsItsSignature()
    {
        await App.DeniedRequestAsync();
        var checkpoint = await CreateCheckpointAsync();
        var forged = checkpoint["note"]!.GetValue<string>().Replace(checkpoint["headHash"]!.GetValue<string>(), new string('a', 64), StringComparison.Ordinal);

        var (exit, output) = await VerifyOfflineAsync("--checkpoint", await WriteTempAsync(forged), "--public-key", await WriteTempAsync(await PublicKeyPemAsync()));

        Assert.Equal(1, exit);
        Assert.Contains("BAD_SIGNATURE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointIsRefusedWhenTheChainNoLongerExtendsTheLastOne()
    {
        await App.DeniedRequestAsync();
        await CreateCheckpointAsync();
        await App.DeniedRequestAsync("second");
        await App.DisableAuditTriggersAsync();
        await App.ExecuteAsync("UPDATE audit_entries SET roles = 'Auditor' WHERE sequence = 3");

        var response = await App.Auditor().PostGraphQLAsync("mutation { createAuditCheckpoint { sequence } }");

        Assert.Equal(["AUDIT_CHAIN_BROKEN"], response.ErrorCodes);
        Assert.Equal(1, await App.WithDbAsync(db => db.Set<AuditCheckpoint>().CountAsync()));
    }

    [Fact]
    public async Task CheckpointsCannotBeChangedOrDeletedThroughTheDatabase()
    {
        await App.DeniedRequestAsync();
        await CreateCheckpointAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => App.ExecuteAsync("UPDATE audit_checkpoints SET head_hash = 'x' WHERE sequence = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => App.ExecuteAsync("DELETE FROM audit_checkpoints"));
    }
}

public sealed class AuditCheckpointTestsOnSqlite() : AuditCheckpointTests(DatabaseKind.Sqlite)
{
    /// <summary>The SQLite way of docs/audit-log.md: the verifier reads the database file itself.</summary>
    protected override Task<(int ExitCode, string Output)> VerifyOfflineAsync(params string[] arguments) =>
        RunVerifierAsync(["--sqlite", new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(App.ConnectionString).DataSource, .. arguments]);
}

public sealed class AuditCheckpointTestsOnPostgreSql() : AuditCheckpointTests(DatabaseKind.PostgreSql)
{
    /// <summary>The PostgreSQL way of docs/audit-log.md: json_agg of the table to a file.</summary>
    protected override async Task<(int ExitCode, string Output)> VerifyOfflineAsync(params string[] arguments)
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select coalesce(json_agg(a order by sequence), '[]') from audit_entries a", connection);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, (string)(await command.ExecuteScalarAsync())!);
        return await RunVerifierAsync([file, .. arguments]);
    }
}
