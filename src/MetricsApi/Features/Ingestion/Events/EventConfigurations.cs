using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Ingestion.Events;

/// <summary>Table <c>ingested_events</c>: primary key (source, event_id).</summary>
public sealed class IngestedEventConfiguration : IEntityTypeConfiguration<IngestedEvent>
{
    public void Configure(EntityTypeBuilder<IngestedEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ingested_events");
        builder.HasKey(e => new { e.Source, e.EventId });
        builder.Property(e => e.Source).HasColumnName("source").HasMaxLength(200);
        builder.Property(e => e.EventId).HasColumnName("event_id").HasMaxLength(200);
        builder.Property(e => e.Type).HasColumnName("type").HasMaxLength(40);
        builder.Property(e => e.IngestedAt).HasColumnName("ingested_at");
    }
}

/// <summary>Table <c>deployments</c>.</summary>
public sealed class DeploymentEventConfiguration : IEntityTypeConfiguration<DeploymentEvent>
{
    public void Configure(EntityTypeBuilder<DeploymentEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("deployments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        EventColumns.Configure(builder, e => e.Source, e => e.EventId);
        builder.Property(e => e.TeamId).HasColumnName("team_id");
        builder.Property(e => e.Service).HasColumnName("service").HasMaxLength(200);
        builder.Property(e => e.Environment).HasColumnName("environment").HasMaxLength(100);
        builder.Property(e => e.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(e => e.StartedAt).HasColumnName("started_at");
        builder.Property(e => e.FinishedAt).HasColumnName("finished_at");
        builder.Property(e => e.LeadTimeMinutes).HasColumnName("lead_time_minutes");
        builder.Property(e => e.CausedIncident).HasColumnName("caused_incident");
        builder.Property(e => e.RestoredAt).HasColumnName("restored_at");
        builder.HasIndex(e => new { e.TeamId, e.FinishedAt });
        // A period's deployments (release builds) and the first event the service holds.
        builder.HasIndex(e => e.FinishedAt);
        builder.HasOne<Org.OrgUnit>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>ai_usage</c>.</summary>
public sealed class AiUsageEventConfiguration : IEntityTypeConfiguration<AiUsageEvent>
{
    public void Configure(EntityTypeBuilder<AiUsageEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ai_usage");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        EventColumns.Configure(builder, e => e.Source, e => e.EventId);
        EventColumns.Person(builder, e => e.PersonKey, e => e.Tool);
        builder.Property(e => e.Model).HasColumnName("model").HasMaxLength(100);
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(20);
        builder.Property(e => e.InputTokens).HasColumnName("input_tokens");
        builder.Property(e => e.OutputTokens).HasColumnName("output_tokens");
        builder.HasIndex(e => new { e.OccurredAt, e.PersonKey });
        // viewer { usage } reads one person's events: an index that starts with the person.
        builder.HasIndex(e => new { e.PersonKey, e.OccurredAt });
    }
}

/// <summary>Table <c>tool_access</c>.</summary>
public sealed class ToolAccessEventConfiguration : IEntityTypeConfiguration<ToolAccessEvent>
{
    public void Configure(EntityTypeBuilder<ToolAccessEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("tool_access");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        EventColumns.Configure(builder, e => e.Source, e => e.EventId);
        EventColumns.Person(builder, e => e.PersonKey, e => e.Tool);
        builder.Property(e => e.GrantedAt).HasColumnName("granted_at");
        builder.Property(e => e.RevokedAt).HasColumnName("revoked_at");
        builder.HasIndex(e => new { e.PersonKey, e.Tool });
        builder.HasIndex(e => e.GrantedAt);
    }
}

/// <summary>Table <c>survey_responses</c>.</summary>
public sealed class SurveyResponseEventConfiguration : IEntityTypeConfiguration<SurveyResponseEvent>
{
    public void Configure(EntityTypeBuilder<SurveyResponseEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("survey_responses");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        EventColumns.Configure(builder, e => e.Source, e => e.EventId);
        EventColumns.Person(builder, e => e.PersonKey, e => e.Tool);
        builder.Property(e => e.Score).HasColumnName("score");
        builder.Property(e => e.SubmittedAt).HasColumnName("submitted_at");
        builder.HasIndex(e => new { e.SubmittedAt, e.Tool });
        builder.HasIndex(e => new { e.PersonKey, e.SubmittedAt });
    }
}

/// <summary>Columns every event table shares.</summary>
internal static class EventColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder, System.Linq.Expressions.Expression<Func<T, string>> source, System.Linq.Expressions.Expression<Func<T, string>> eventId)
        where T : class
    {
        builder.Property(source).HasColumnName("source").HasMaxLength(200);
        builder.Property(eventId).HasColumnName("event_id").HasMaxLength(200);
        builder.HasIndex("Source", "EventId").IsUnique();
        builder.Property<DateTime>(nameof(IReceivedEvent.ReceivedAt)).HasColumnName("received_at");
        builder.HasIndex(nameof(IReceivedEvent.ReceivedAt));
    }

    public static void Person<T>(EntityTypeBuilder<T> builder, System.Linq.Expressions.Expression<Func<T, string>> personKey, System.Linq.Expressions.Expression<Func<T, string>> tool)
        where T : class
    {
        builder.Property(personKey).HasColumnName("person_key").HasMaxLength(64).IsFixedLength();
        builder.Property(tool).HasColumnName("tool").HasMaxLength(100);
    }
}
