using System.Data.Common;
using System.Globalization;
using System.Text;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// Writes the one SQL batch an evaluation needs and reads its result sets: headcounts per group and
/// period, people in several teams, and per base metric one aggregate statement per layer (the total
/// and each dimension). Events reach their groups through memberships valid on the event's day and the
/// <see cref="DataView"/>'s team → group map (a temporary table written before the batch), so every
/// group level comes out of one scan; an event counts for one team only, so group values add up along
/// the tree. Events received after the view's cut-off are left out. With a person in the view,
/// statements are restricted to that person's events and group nothing (<c>viewer { usage }</c>).
/// </summary>
public sealed class EvaluationSql(SqlDialect dialect, PeriodRange range, DataView view)
{
    private readonly StringBuilder _sql = new();
    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly List<Action<DbDataReader, RawData>> _readers = [];
    private readonly List<string> _baseKeys = [];

    public static bool IsPersonBased(string source) => EventSources.Of(source).PersonBased;

    private string? Person => view.Person;

    /// <summary>The team → group map of the view (written by <see cref="ExecuteAsync"/> before the batch).</summary>
    private string GroupMap => dialect.TempTable("rel_gm");

    /// <summary>
    /// Memberships as the view sees them: as recorded at its cut-off for a release (a leave recorded
    /// later is late, not applied), the current record otherwise.
    /// </summary>
    private string Memberships => dialect.MaterialisesDerivedTables && view.Cutoff is not null ? MembershipTable : MembershipsAsRecorded;

    /// <summary>The temporary table <see cref="ExecuteAsync"/> fills with <see cref="MembershipsAsRecorded"/> (SQLite).</summary>
    private string MembershipTable
    {
        get
        {
            _membershipTable = true;
            return dialect.TempTable("rel_m");
        }
    }

    private bool _membershipTable;

    private string MembershipsAsRecorded
    {
        get
        {
            const string columns = "SELECT person_key, team_id, valid_from, valid_to FROM memberships WHERE ";
            if (view.Cutoff is not { } cutoff)
            {
                return $"({columns}superseded_at IS NULL)";
            }

            Parameter("@cutoff", cutoff);
            if (view.HoldsOf is { } vintage)
            {
                // A held person's memberships count as recorded at their own, earlier cut-off.
                Parameter("@vintage", vintage);
                return "(SELECT m.person_key, m.team_id, m.valid_from, m.valid_to FROM memberships m " +
                    "LEFT JOIN vintage_holds h ON h.vintage_id = @vintage AND h.person_key = m.person_key " +
                    "WHERE m.recorded_at <= COALESCE(h.since, @cutoff) AND (m.superseded_at IS NULL OR m.superseded_at > COALESCE(h.since, @cutoff)))";
            }

            return $"({columns}recorded_at <= @cutoff AND (superseded_at IS NULL OR superseded_at > @cutoff))";
        }
    }

    public void AddHeadcounts() =>
        Statement(
            $"WITH {PeriodsCte} " +
            $"SELECT gm.group_id, per.ps, COUNT(DISTINCT m.person_key) FROM {Memberships} m " +
            $"JOIN {GroupMap} gm ON gm.team_id = m.team_id " +
            "JOIN per ON m.valid_from < per.pe AND (m.valid_to IS NULL OR m.valid_to > per.ps) " +
            "GROUP BY gm.group_id, per.ps",
            (r, data) => data.Headcounts[(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), ToDate(r.GetValue(1)))] =
                Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture));

    /// <summary>The periods as rows: first and next day as dates (ps, pe) and as UTC timestamps (pst, pet).</summary>
    private string PeriodsCte => "per AS (" + string.Join(" UNION ALL ", range.Periods.Select((p, i) =>
    {
        Parameter($"@ps{i}", p.Start);
        Parameter($"@pe{i}", p.End);
        Parameter($"@pst{i}", p.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Parameter($"@pet{i}", p.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        return $"SELECT @ps{i} AS ps, @pe{i} AS pe, @pst{i} AS pst, @pet{i} AS pet";
    })) + ")";

    public void AddSharedPeople()
    {
        Parameter("@fromDay", range.From);
        Parameter("@toDay", range.To);
        const string overlaps = "valid_from < @toDay AND (valid_to IS NULL OR valid_to > @fromDay)";
        Statement(
            $"SELECT DISTINCT team_id FROM {Memberships} ms WHERE {overlaps} AND person_key IN " +
            $"(SELECT person_key FROM {Memberships} ms WHERE {overlaps} GROUP BY person_key HAVING COUNT(DISTINCT team_id) > 1)",
            (r, data) => data.TeamsWithSharedPeople.Add(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture)));
    }

    /// <summary>Adds the statements of one quantity (what base metrics count): its total and one per dimension.</summary>
    public void AddBaseMetric(string key, MetricDefinition definition, IReadOnlyList<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(dimensions);
        foreach (var dimension in new string?[] { null }.Concat(dimensions))
        {
            Statement(BaseStatement(definition, dimension), (r, data) =>
            {
                if (!data.Metrics.TryGetValue(key, out var cells))
                {
                    data.Metrics[key] = cells = [];
                }

                var cellKey = new CellKey(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), ToDate(r.GetValue(1)), dimension, r.IsDBNull(2) ? null : r.GetString(2));
                cells[cellKey] = new RawAggregate(Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture),
                    r.IsDBNull(5) ? null : Convert.ToDouble(r.GetValue(5), CultureInfo.InvariantCulture),
                    r.IsDBNull(6) ? null : Convert.ToDouble(r.GetValue(6), CultureInfo.InvariantCulture),
                    r.FieldCount > 7 && !r.IsDBNull(7) ? Convert.ToDouble(r.GetValue(7), CultureInfo.InvariantCulture) : null,
                    r.FieldCount > 8 && !r.IsDBNull(8) ? Convert.ToDouble(r.GetValue(8), CultureInfo.InvariantCulture) : null);
            });
        }

        _baseKeys.Add(key);
    }

    /// <summary>Runs the batch in one round trip and reads every result set.</summary>
    public async Task<RawData> ExecuteAsync(DbConnection connection, int timeoutSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (view.Structure is { } structure)
        {
            foreach (var setup in dialect.WriteTempPairs("rel_gm", "team_id", "group_id", structure.GroupMap))
            {
                await using var write = connection.CreateCommand();
                write.CommandText = setup;
                write.CommandTimeout = timeoutSeconds;
                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (_membershipTable)
        {
            // On SQLite, the memberships as recorded at the cut-off, indexed by person: joined per event
            // and in the one-team check, a derived table would be evaluated again for every event (at
            // 2,100 teams a week's evaluation took 369 s instead of about one).
            await using var fill = connection.CreateCommand();
            fill.CommandText = "CREATE TEMP TABLE IF NOT EXISTS rel_m (person_key TEXT NOT NULL, team_id INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT); " +
                "CREATE INDEX IF NOT EXISTS temp.rel_m_person ON rel_m (person_key, valid_from); DELETE FROM rel_m; " +
                $"INSERT INTO rel_m (person_key, team_id, valid_from, valid_to) SELECT person_key, team_id, valid_from, valid_to FROM {MembershipsAsRecorded} ms;";
            fill.CommandTimeout = timeoutSeconds;
            foreach (var (name, value) in _parameters.Where(p => p.Name is "@cutoff" or "@vintage"))
            {
                var parameter = fill.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                fill.Parameters.Add(parameter);
            }

            await fill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = _sql.ToString();
        command.CommandTimeout = timeoutSeconds;
        foreach (var (name, value) in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var data = new RawData();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var first = true;
        foreach (var read in _readers)
        {
            if (!first && !await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The evaluation batch returned fewer result sets than statements.");
            }

            first = false;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read(reader, data);
            }
        }

        foreach (var key in _baseKeys)
        {
            // A metric with no events in the range still has a (empty) table.
            data.Metrics.TryAdd(key, []);
        }

        return data;
    }

    private string BaseStatement(MetricDefinition definition, string? dimension)
    {
        var (table, personBased) = (EventSources.Of(definition.Source!).Table, EventSources.Of(definition.Source!).PersonBased);
        // Licences are states, not moments: a grant counts in every period it is held (granted before the
        // period ends, not revoked before it starts), for the teams its holder belonged to in that period.
        var held = definition.Source == EventTypes.ToolAccess;
        // People counts attribute each person to one team per period (not per event day): a mover active on
        // both sides of a move would otherwise count in both teams and once in the org, and team + team − org
        // would say what that one person did.
        var perPeriod = held || (personBased && definition.Aggregation is Aggregations.DistinctPeople or Aggregations.ShareOfPeople);
        var time = "e." + Column(SourceFields.TimeField[definition.Source!]);
        var day = held ? "per.ps" : dialect.Day(time);
        var period = perPeriod ? "per.ps" : dialect.PeriodStart(time, range.Grain);
        var value = definition.Field is null ? "NULL" : FieldExpression(definition.Field);
        var dim = dimension is null ? dialect.NullText : "e." + Column(dimension);
        var who = personBased ? "e.person_key" : dialect.NullText;
        var group = Person is not null ? "0" : "gm.group_id";
        string Valid(string m) => perPeriod
            ? $"{m}.valid_from < per.pe AND ({m}.valid_to IS NULL OR {m}.valid_to > per.ps)"
            : $"{m}.valid_from <= {day} AND ({m}.valid_to IS NULL OR {m}.valid_to > {day})";

        // Each event counts for exactly one team: the membership valid then that started last (ties: the
        // lowest team id). Counting a person in two teams would make org + org − company (or team + team
        // − org) equal to that one person's usage.
        var oneTeam = $"NOT EXISTS (SELECT 1 FROM {Memberships} m2 WHERE m2.person_key = m.person_key AND {Valid("m2")} " +
            "AND (m2.valid_from > m.valid_from OR (m2.valid_from = m.valid_from AND m2.team_id < m.team_id)))";
        var join = (held ? "JOIN per ON e.granted_at < per.pet AND (e.revoked_at IS NULL OR e.revoked_at >= per.pst) "
                : perPeriod ? $"JOIN per ON {time} >= per.pst AND {time} < per.pet " : "")
            + (Person is not null ? "" : personBased
                ? $"JOIN {Memberships} m ON m.person_key = e.person_key AND {Valid("m")} AND {oneTeam} JOIN {GroupMap} gm ON gm.team_id = m.team_id "
                : $"JOIN {GroupMap} gm ON gm.team_id = e.team_id ");
        var where = held
            ? new List<string> { $"{time} < @to", "(e.revoked_at IS NULL OR e.revoked_at >= @from)" }
            : [$"{time} >= @from", $"{time} < @to"];
        Parameter("@from", range.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Parameter("@to", range.To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        if (Person is not null)
        {
            Parameter("@person", Person);
            where.Add("e.person_key = @person");
        }

        if (view.Cutoff is { } cutoff)
        {
            // What arrived after the cut-off is late: counted, never silently applied to a release.
            Parameter("@cutoff", cutoff);
            where.Add("e.received_at <= @cutoff");
            if (personBased && view.HoldsOf is { } vintage)
            {
                Parameter("@vintage", vintage);
                where.Add("NOT EXISTS (SELECT 1 FROM vintage_holds h WHERE h.vintage_id = @vintage AND h.person_key = e.person_key AND e.received_at > h.since)");
            }
        }

        if (definition.Field is not null)
        {
            where.Add($"{value} IS NOT NULL");
        }

        for (var i = 0; i < definition.Filters.Count; i++)
        {
            where.Add(Filter(definition.Source!, definition.Filters[i], $"@f{_baseKeys.Count}_{i}_"));
        }

        var ctes = new List<string>();
        if (perPeriod)
        {
            ctes.Add(PeriodsCte);
        }

        var cte = ctes.Count == 0 ? "" : string.Join(", ", ctes) + ", ";
        // No DISTINCT needed: an event has one team and a team each of its units once, so (group, event) is unique.
        var inner = $"x AS (SELECT {group} AS g, {period} AS p, {dim} AS d, e.id AS eid, {who} AS who, {value} AS v, {day} AS dy " +
            $"FROM {table} e {join}WHERE {string.Join(" AND ", where)})";
        if (definition.Aggregation is Aggregations.Median or Aggregations.P90)
        {
            var percent = definition.Aggregation == Aggregations.Median ? 50 : 90;
            return $"WITH {cte}{inner}, w AS (SELECT g, p, d, who, v, ROW_NUMBER() OVER (PARTITION BY g, p, d ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY g, p, d) AS cnt FROM x) " +
                $"SELECT g, p, d, COUNT(*), COUNT(DISTINCT who), MAX(CASE WHEN rn = ((cnt - 1) * {percent}) / 100 + 1 THEN v END), MAX(CASE WHEN rn = ((cnt - 1) * {percent} + 99) / 100 + 1 THEN v END) " +
                "FROM w GROUP BY g, p, d";
        }

        if (personBased && Person is null && definition.Aggregation is Aggregations.Count or Aggregations.Sum)
        {
            // Sums and counts of people's events also say how much the two largest contributors gave (the
            // dominance rule): per person first, then ranked within the cell.
            var own = definition.Aggregation == Aggregations.Count ? "n" : "s";
            var sum = definition.Aggregation == Aggregations.Count ? "0" : "SUM(v)";
            return $"WITH {cte}{inner}, pw AS (SELECT g, p, d, who, COUNT(*) AS n, {sum} AS s FROM x GROUP BY g, p, d, who), " +
                $"rk AS (SELECT g, p, d, n, s, ROW_NUMBER() OVER (PARTITION BY g, p, d ORDER BY {own} DESC) AS rn FROM pw) " +
                $"SELECT g, p, d, SUM(n), COUNT(*), SUM({own}), NULL, MAX(CASE WHEN rn = 1 THEN {own} END), MAX(CASE WHEN rn = 2 THEN {own} END) FROM rk GROUP BY g, p, d";
        }

        var (a, b) = definition.Aggregation switch
        {
            Aggregations.Count => ("COUNT(*)", "NULL"),
            Aggregations.Sum => ("SUM(v)", "NULL"),
            Aggregations.DistinctPeople or Aggregations.ShareOfPeople => ("COUNT(DISTINCT who)", "NULL"),
            Aggregations.DistinctDays => ("COUNT(DISTINCT dy)", "NULL"),
            Aggregations.Nps => ("SUM(CASE WHEN v >= 9 THEN 1 ELSE 0 END)", "SUM(CASE WHEN v <= 6 THEN 1 ELSE 0 END)"),
            _ => throw new InvalidOperationException($"{definition.Aggregation} is not a base aggregation."),
        };
        return $"WITH {cte}{inner} SELECT g, p, d, COUNT(*), COUNT(DISTINCT who), {a}, {b} FROM x GROUP BY g, p, d";
    }

    private string Filter(string source, MetricFilter filter, string prefix)
    {
        var field = SourceFields.Find(source, filter.Field) ?? throw new InvalidOperationException($"Unknown field {filter.Field}.");
        var expression = FieldExpression(filter.Field);
        var names = filter.Values.Select((v, i) =>
        {
            Parameter(prefix + i, Typed(field.Type, v));
            return prefix + i;
        }).ToList();
        return filter.Op switch
        {
            "EQ" => $"{expression} = {names[0]}",
            "NE" => $"({expression} IS NULL OR {expression} <> {names[0]})",
            "IN" => $"{expression} IN ({string.Join(", ", names)})",
            "GT" => $"{expression} > {names[0]}",
            "GTE" => $"{expression} >= {names[0]}",
            "LT" => $"{expression} < {names[0]}",
            "LTE" => $"{expression} <= {names[0]}",
            _ => throw new InvalidOperationException($"Unknown filter operator {filter.Op}."),
        };
    }

    private static object Typed(FieldType type, string value) => type switch
    {
        FieldType.Boolean => bool.Parse(value),
        FieldType.Number => double.Parse(value, CultureInfo.InvariantCulture),
        FieldType.Timestamp => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        _ => value,
    };

    private string FieldExpression(string field) => field switch
    {
        "totalTokens" => "(e.input_tokens + e.output_tokens)",
        "timeToRestoreMinutes" => dialect.MinutesBetween("e.finished_at", "e.restored_at"),
        _ => "e." + Column(field),
    };

    /// <summary>camelCase field name → snake_case column (the tables are named so).</summary>
    private static string Column(string field)
    {
        var column = new StringBuilder();
        foreach (var c in field)
        {
            if (char.IsUpper(c))
            {
                column.Append('_').Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                column.Append(c);
            }
            else
            {
                throw new InvalidOperationException($"Field name {field} is not a plain identifier.");
            }
        }

        return column.ToString();
    }

    private void Statement(string sql, Action<DbDataReader, RawData> read)
    {
        _sql.Append(sql).Append(";\n");
        _readers.Add(read);
    }

    private void Parameter(string name, object value)
    {
        if (!_parameters.Any(p => p.Name == name))
        {
            _parameters.Add((name, value));
        }
    }

    private static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string s => DateOnly.ParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unexpected period value {value}."),
    };

}
