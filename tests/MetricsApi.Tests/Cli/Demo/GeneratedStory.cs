using System.Globalization;
using MetricsApi.Cli.Demo;
using MetricsApi.Features.Ingestion;

namespace MetricsApi.Tests.Cli.Demo;

/// <summary>
/// Reads a generated organisation's events back as team figures, the way the standard metrics count
/// them: per team, successful production deployments per engineer and the share of them that caused an
/// incident over the first and the last <see cref="Window"/> weeks, and tokens per engineer.
/// </summary>
public sealed class GeneratedStory
{
    public const int Window = 4;

    public sealed record TeamFigures(string Team, int People, double VelocityBefore, double VelocityAfter, double FailureBefore, double FailureAfter, double TokensPerPerson)
    {
        public double Ratio => VelocityBefore == 0 ? double.PositiveInfinity : VelocityAfter / VelocityBefore;
    }

    public static async Task<IReadOnlyList<TeamFigures>> AnalyseAsync(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = options.End.AddDays(-7 * options.Weeks);
        var lastWindow = options.End.AddDays(-7 * Window);
        var people = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var teamOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var deployments = new Dictionary<(string Team, bool After), (int Count, int Incidents)>();
        var tokens = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var item in new OrganisationGenerator(options, IngestionOptions.DefaultTools).GenerateAsync())
        {
            var e = item.Event;
            switch (e.GetProperty("type").GetString())
            {
                case "membership" when !e.TryGetProperty("validTo", out _):
                    var team = e.GetProperty("team").GetString()!;
                    var person = e.GetProperty("person").GetString()!;
                    (people.TryGetValue(team, out var members) ? members : people[team] = []).Add(person);
                    teamOf[person] = team;
                    break;
                case "deployment" when e.GetProperty("status").GetString() == "SUCCEEDED":
                    var day = DateOnly.ParseExact(e.GetProperty("finishedAt").GetString()![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    if (day >= start.AddDays(7 * Window) && day < lastWindow)
                    {
                        break;
                    }

                    var key = (e.GetProperty("team").GetString()!, day >= lastWindow);
                    var (count, incidents) = deployments.GetValueOrDefault(key);
                    deployments[key] = (count + 1, incidents + (e.GetProperty("causedIncident").GetBoolean() ? 1 : 0));
                    break;
                case "ai_usage":
                    var user = e.GetProperty("person").GetString()!;
                    if (teamOf.TryGetValue(user, out var owner))
                    {
                        tokens[owner] = tokens.GetValueOrDefault(owner) + e.GetProperty("inputTokens").GetInt64() + e.GetProperty("outputTokens").GetInt64();
                    }

                    break;
            }
        }

        return [.. people.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var (before, incidentsBefore) = deployments.GetValueOrDefault((p.Key, false));
            var (after, incidentsAfter) = deployments.GetValueOrDefault((p.Key, true));
            return new TeamFigures(p.Key, p.Value.Count, before / (double)Window / p.Value.Count, after / (double)Window / p.Value.Count,
                before == 0 ? 0 : incidentsBefore / (double)before, after == 0 ? 0 : incidentsAfter / (double)after, tokens.GetValueOrDefault(p.Key) / (double)p.Value.Count);
        })];
    }
}
