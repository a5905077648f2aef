using System.Linq.Expressions;
using MetricsApi.Features.Ingestion.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// Where one telemetry type is stored, read from the EF model so that the set-based writers can
/// never disagree with the migrations about a table or column name. <see cref="Columns"/> are the
/// values each event carries; the generated <c>id</c> is left to the database and
/// <c>received_at</c> is one value per chunk, which the writers add themselves.
/// </summary>
public sealed class TelemetryTable
{
    public const string ReceivedAtColumn = "received_at";

    private static readonly (string Type, Type Entity)[] Types =
    [
        (EventTypes.Deployment, typeof(DeploymentEvent)),
        (EventTypes.AiUsage, typeof(AiUsageEvent)),
        (EventTypes.ToolAccess, typeof(ToolAccessEvent)),
        (EventTypes.SurveyResponse, typeof(SurveyResponseEvent)),
    ];

    private TelemetryTable(string type, string name, IReadOnlyList<TelemetryColumn> columns)
    {
        Type = type;
        Name = name;
        Columns = columns;
    }

    /// <summary>The event type (<c>ai_usage</c>, ...).</summary>
    public string Type { get; }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    public IReadOnlyList<TelemetryColumn> Columns { get; }

    /// <summary>The column names, comma-separated, in <see cref="Columns"/> order.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    /// <summary>The four telemetry tables by event type.</summary>
    public static IReadOnlyDictionary<string, TelemetryTable> FromModel(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Types.ToDictionary(t => t.Type, t => From(t.Type, model.FindEntityType(t.Entity)!), StringComparer.Ordinal);
    }

    private static TelemetryTable From(string type, IEntityType entity)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !p.IsPrimaryKey() && p.Name != nameof(IReceivedEvent.ReceivedAt))
            .Select(p => new TelemetryColumn(p.GetColumnName(table)!, p.PropertyInfo!, Getter(entity.ClrType, p.PropertyInfo!)))
            .ToList();
        return new TelemetryTable(type, table.Name, columns);
    }

    private static Func<object, object?> Getter(Type entity, System.Reflection.PropertyInfo property)
    {
        var row = Expression.Parameter(typeof(object), "row");
        var read = Expression.Convert(Expression.Property(Expression.Convert(row, entity), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(read, row).Compile();
    }
}
