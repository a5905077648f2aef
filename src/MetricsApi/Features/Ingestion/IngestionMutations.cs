using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.GraphQL;
using Microsoft.Extensions.Options;

namespace MetricsApi.Features.Ingestion;

/// <summary>Adds <c>ingestEvents</c> (Ingestor role) to the mutation root.</summary>
public static class IngestionMutations
{
    public static void AddIngestionMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<IngestResultType>>("ingestEvents")
            .Description("Ingests a small batch of events (at most 1,000; use `POST /ingest/events` with NDJSON for bulk loads). `Ingestor` role only. Valid events are stored even when others are rejected; replays count as duplicates.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IngestEventInputType>>>>("events", "The events, in order: org units before the events that name them.")
            .AuthorizeWithRoles(Roles.Ingestor)
            .ResolveAsync(async ctx =>
            {
                var services = ctx.RequestServices!;
                var events = ctx.GetArgument<List<Dictionary<string, object?>>>("events");
                var max = services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxGraphQLBatch;
                if (events.Count > max)
                {
                    throw new MetricsApiError(ErrorCodes.BadUserInput,
                        $"A batch holds at most {max} events; this one has {events.Count}. Split it, or use POST /ingest/events with NDJSON.",
                        new Dictionary<string, object?> { ["field"] = "events" });
                }

                return await services.GetRequiredService<IngestionService>().IngestAsync(ToItemsAsync(events), ctx.CancellationToken).ConfigureAwait(false);
            });
    }

    private static async IAsyncEnumerable<IngestItem> ToItemsAsync(List<Dictionary<string, object?>> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var present = events[i].Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
            yield return new IngestItem(i, JsonSerializer.SerializeToElement(present), null);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
