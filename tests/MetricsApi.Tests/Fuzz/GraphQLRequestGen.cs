using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// Generates GraphQL documents and variables from the schema: real root fields with arguments of
/// the right shape most of the time and hostile values the rest, nested selections beyond the depth
/// limit, aliases, fragments, directives, variables declared right or wrong, every operation type,
/// and documents broken by character-level mutation or replaced by garbage. A third of the cases are
/// focused: one root field, every argument given, sent by a caller holding every role, so hostile
/// argument values reach resolvers and the database instead of stopping at authorization.
/// </summary>
public sealed class GraphQLRequestGen(SchemaModel schema, int callers, int allRolesCaller)
{
    private static readonly string[] Accepts =
        ["application/graphql-response+json", "application/graphql-response+json", "application/json", "*/*", "application/xml", "application/json; charset=utf-8"];

    public Gen<FuzzGraphQLRequest> Requests => FuzzGen.From(Generate);

    private FuzzGraphQLRequest Generate(CsCheck.PCG r)
    {
        var context = new Context(r) { Focused = r.Chance(0.33) };
        var query = !context.Focused && r.Chance(0.04) ? r.Next(HostileText.Text) : Document(context);
        if (!context.Focused && r.Chance(0.08))
        {
            query = Mutate(r, query);
        }

        var variables = context.Variables.Count == 0 && !r.Chance(0.05) ? null : context.Variables;
        if (!context.Focused && r.Chance(0.05))
        {
            variables = new JsonObject { [r.Next(HostileText.Text)] = r.Next(HostileText.Text) };
        }

        var operationName = r.Between(0, 9) switch
        {
            0 => r.Next(HostileText.Text),
            1 or 2 => "Fuzz",
            3 => "Other",
            _ => null,
        };
        return new FuzzGraphQLRequest(r.Chance(0.15) ? "GET" : "POST", r.Pick(Accepts), query, variables, context.Focused ? null : operationName,
            context.Focused ? allRolesCaller : r.Between(0, callers - 1));
    }

    private string Document(Context c)
    {
        var kind = c.R.Between(0, 19) switch
        {
            < 14 => "query",
            < 19 => "mutation",
            _ => "subscription",
        };
        var root = kind == "mutation" && schema.MutationType is { } mutation ? mutation : schema.QueryType;
        var maxDepth = c.Focused ? 1 : c.R.Chance(0.1) ? c.R.Between(12, 20) : c.R.Between(1, 6);
        var selections = string.Join(" ", Enumerable.Range(0, c.Focused ? 1 : c.R.Between(1, 3)).Select(_ => Field(c, schema.Types[root], 0, maxDepth)));
        var fragment = "";
        if (c.R.Chance(0.1))
        {
            selections += " ...F";
            fragment = $" fragment F on {root} {{ {Field(c, schema.Types[root], 0, maxDepth)} }}";
        }

        var definitions = c.Declarations.Count == 0 ? "" : "(" + string.Join(", ", c.Declarations) + ")";
        var name = c.R.Chance(0.5) ? " Fuzz" : "";
        return kind == "query" && name.Length == 0 && definitions.Length == 0 && c.R.Chance(0.5)
            ? $"{{ {selections} }}{fragment}"
            : $"{kind}{name}{definitions} {{ {selections} }}{fragment}";
    }

    private string Field(Context c, SchemaType type, int depth, int maxDepth)
    {
        if (type.Kind is "UNION" or "INTERFACE")
        {
            var concrete = schema.Types[c.R.Pick(type.PossibleTypes)];
            return $"__typename ... on {concrete.Name} {{ {Field(c, concrete, depth, maxDepth)} }}";
        }

        if (type.Fields.Count == 0 || c.R.Chance(0.05))
        {
            return "__typename";
        }

        var field = c.Focused && depth == 0 && type.Fields.Any(f => f.Arguments.Count > 0) ? c.R.Pick(type.Fields.Where(f => f.Arguments.Count > 0).ToList()) : c.R.Pick(type.Fields);
        var text = new StringBuilder();
        if (c.R.Chance(0.15))
        {
            text.Append(CultureInfo.InvariantCulture, $"a{c.R.Between(0, 3)}: ");
        }

        text.Append(!c.Focused && c.R.Chance(0.02) ? "noSuchField" : field.Name);
        var arguments = field.Arguments.Where(a => c.Focused || c.R.Chance(a.Type.Kind == "NON_NULL" ? 0.92 : 0.35)).Select(a => $"{a.Name}: {Argument(c, a.Type)}").ToList();
        if (!c.Focused && c.R.Chance(0.03))
        {
            arguments.Add($"bogus: {Value(c, new TypeRef("SCALAR", "String", null), 0)}");
        }

        if (arguments.Count > 0)
        {
            text.Append('(').AppendJoin(", ", arguments).Append(')');
        }

        if (!c.Focused && c.R.Chance(0.05))
        {
            text.Append(c.R.Chance(0.5) ? " @include(if: true)" : " @skip(if: false)");
        }

        var named = schema.Types[field.Type.NamedType];
        if (named.Kind is "OBJECT" or "INTERFACE" or "UNION")
        {
            var inner = depth >= maxDepth
                ? "__typename"
                : string.Join(" ", Enumerable.Range(0, c.R.Between(1, 4)).Select(_ => Field(c, named, depth + 1, maxDepth)));
            text.Append(" { ").Append(inner).Append(" }");
        }
        else if (!c.Focused && c.R.Chance(0.02))
        {
            text.Append(" { __typename }"); // a selection on a leaf: a validation error
        }

        return text.ToString();
    }

    /// <summary>A literal, or (sometimes) a variable declared with the argument's type or a wrong one.</summary>
    private string Argument(Context c, TypeRef type)
    {
        if (!c.R.Chance(0.3))
        {
            return Value(c, type, 0);
        }

        var name = "v" + c.Declarations.Count.ToString(CultureInfo.InvariantCulture);
        var declared = c.Focused || c.R.Chance(0.85) ? type.ToString() : c.R.Pick(["String", "Int!", "[ID]", "Boolean", "NoSuchType"]);
        c.Declarations.Add($"${name}: {declared}");
        if (c.Focused || !c.R.Chance(0.05))
        {
            c.Variables[name] = Json(c, type, 0);
        }

        return "$" + name;
    }

    private string Value(Context c, TypeRef type, int depth)
    {
        if ((!c.Focused && c.R.Chance(0.08)) || depth > 4)
        {
            return c.R.Between(0, 4) switch
            {
                0 => "null",
                1 => StringLiteral(c.R.Next(HostileText.Text)),
                2 => c.R.Next(Gen.Long).ToString(CultureInfo.InvariantCulture),
                3 => "[]",
                _ => "{}",
            };
        }

        switch (type.Kind)
        {
            case "NON_NULL":
                return Value(c, type.OfType!, depth);
            case "LIST":
                return c.R.Chance(0.2) ? Value(c, type.OfType!, depth + 1)
                    : "[" + string.Join(", ", Enumerable.Range(0, c.R.Between(0, 3)).Select(_ => Value(c, type.OfType!, depth + 1))) + "]";
        }

        var named = schema.Types[type.Name!];
        return named.Kind switch
        {
            "ENUM" => c.Focused || c.R.Chance(0.9) ? c.R.Pick(named.EnumValues) : "NOT_A_VALUE",
            "INPUT_OBJECT" => "{ " + string.Join(", ", named.InputFields.Where(f => c.R.Chance(f.Type.Kind == "NON_NULL" ? 0.9 : c.Focused ? 0.6 : 0.4))
                .Select(f => $"{f.Name}: {Value(c, f.Type, depth + 1)}")) + " }",
            _ => Scalar(c.R, named.Name, c.Focused) switch
            {
                string s => StringLiteral(s),
                bool b => b ? "true" : "false",
                var other => Convert.ToString(other, CultureInfo.InvariantCulture)!,
            },
        };
    }

    private JsonNode? Json(Context c, TypeRef type, int depth)
    {
        if ((!c.Focused && c.R.Chance(0.08)) || depth > 4)
        {
            return c.R.Between(0, 3) switch
            {
                0 => null,
                1 => JsonValue.Create(c.R.Next(HostileText.Text)),
                2 => JsonValue.Create(c.R.Next(Gen.Double)),
                _ => new JsonObject { ["x"] = new JsonArray(1, "2", null) },
            };
        }

        switch (type.Kind)
        {
            case "NON_NULL":
                return Json(c, type.OfType!, depth);
            case "LIST":
                return new JsonArray([.. Enumerable.Range(0, c.R.Between(0, 3)).Select(_ => Json(c, type.OfType!, depth + 1))]);
        }

        var named = schema.Types[type.Name!];
        return named.Kind switch
        {
            "ENUM" => JsonValue.Create(c.Focused || c.R.Chance(0.9) ? c.R.Pick(named.EnumValues) : "NOT_A_VALUE"),
            "INPUT_OBJECT" => new JsonObject(named.InputFields.Where(f => c.R.Chance(f.Type.Kind == "NON_NULL" ? 0.9 : c.Focused ? 0.6 : 0.4))
                .Select(f => KeyValuePair.Create(f.Name, Json(c, f.Type, depth + 1)))),
            _ => Scalar(c.R, named.Name, c.Focused) switch
            {
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
            },
        };
    }

    private static object Scalar(CsCheck.PCG r, string scalar, bool focused) => scalar switch
    {
        "Int" => focused ? r.Pick<long>([1, 5, 20, 50]) : r.Pick<long>([0, 1, -1, 5, 20, 50, 200, 500, 501, int.MaxValue, (long)int.MaxValue + 1, int.MinValue]),
        "Long" => r.Pick<long>([0, 1, -1, long.MaxValue, long.MinValue]),
        "Float" or "Decimal" => r.Pick<double>([0, -1.5, 1e308, double.Epsilon]),
        "Boolean" => r.Chance(0.5),
        "DateTime" when focused => r.Pick(["2026-03-02T10:00:00Z", "2026-11-01T00:00:00+02:00"]),
        "Date" or "DateOnly" when focused => r.Pick(["2026-03-02", "2026-03-29", "2026-09-01", "2026-10-31"]),
        "DateTime" => r.Pick(["2026-03-02T10:00:00Z", "2026-11-01T00:00:00+02:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "2026-13-45T99:99:99Z"]),
        "Date" or "DateOnly" => r.Pick(["2026-03-02", "2026-03-29", "2026-09-01", "2026-10-31", "0001-01-01", "2026-02-30", "03/02/2026"]),
        _ => r.Chance(focused ? 0.3 : 0.5) ? r.Pick(["production_deployments", "total_tokens", "weekly_active_ai_users", "team-a", "acme", "TEAM_IMPROVEMENT", "x"]) : r.Next(HostileText.Text),
    };

    /// <summary>A GraphQL string literal; control characters, NUL and lone surrogates become \u escapes, as a client library would write them.</summary>
    private static string StringLiteral(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var ch in value)
        {
            text.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when ch < ' ' || char.IsSurrogate(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>Breaks a document the way truncation and bad editing do.</summary>
    private static string Mutate(CsCheck.PCG r, string text)
    {
        if (text.Length == 0)
        {
            return "{";
        }

        var at = r.Between(0, text.Length - 1);
        return r.Between(0, 3) switch
        {
            0 => text[..at],
            1 => text.Remove(at, Math.Min(r.Between(1, 5), text.Length - at)),
            2 => text.Insert(at, r.Pick(["{", "}", "(", ")", "\"", "$", "...", "@", "#", ":", "!", "\\u0000", "\u0000"])),
            _ => text + text,
        };
    }

    private sealed class Context(CsCheck.PCG r)
    {
        public CsCheck.PCG R { get; } = r;

        public bool Focused { get; init; }

        public List<string> Declarations { get; } = [];

        public JsonObject Variables { get; } = [];
    }
}
