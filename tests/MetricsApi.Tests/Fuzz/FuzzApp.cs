using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// A fresh application on real sockets (Kestrel) for one fuzz target, so raw HTTP framing reaches
/// the same server the HttpClient cases do.
/// </summary>
public static class FuzzApp
{
    public static async Task<MetricsApiFactory> StartAsync(DatabaseKind database)
    {
        var app = await MetricsApiFactory.CreateAsync(database);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    /// <summary>Index in <see cref="Callers"/> of the caller who holds every role.</summary>
    public const int AllRolesCaller = 9;

    /// <summary>Callers with different role sets, plus one without a token and one with a broken token.</summary>
    public static IReadOnlyList<HttpClient> Callers(MetricsApiFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string[][] roleSets =
        [
            [], ["Engineer"], ["Manager"], ["Leader"], ["Analyst"], ["Auditor"], ["MetricSteward"], ["PrivacyOfficer"], ["Ingestor"],
            ["Engineer", "Manager", "Leader", "Analyst", "Auditor", "MetricSteward", "PrivacyOfficer", "Ingestor"], ["NotARole"],
        ];
        var callers = roleSets.Select((roles, i) => app.ClientFor($"fuzz caller {i}", roles)).ToList();
        callers.Add(app.CreateClient());
        callers.Add(app.ClientWithToken("not.a.token"));
        foreach (var caller in callers)
        {
            caller.Timeout = TimeSpan.FromSeconds(30);
        }

        return callers;
    }
}
