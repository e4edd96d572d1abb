using System.Text.Json.Nodes;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>The wrong values each parameter and body field gets, by its schema's type and format.</summary>
public static partial class FuzzCases
{
    private static IEnumerable<string> BadParameters(string name, JsonObject schema)
    {
        switch (Type(schema), Format(schema))
        {
            case (_, "uuid"):
                yield return "not-a-guid";
                yield break;
            case ("integer", _):
                yield return "abc";
                yield return "-1";
                yield return "99999999999999999999";
                yield break;
            case ("boolean", _):
                yield return "maybe";
                yield break;
            case (_, "date-time"):
                yield return "not-a-date";
                yield break;
        }
        // A name parameter may legitimately be "-1"; the others are closed vocabularies (stage, direction, format...).
        if (Names.Contains(name))
            foreach (var hidden in HiddenNames.Take(3)) yield return hidden;
        else
        {
            yield return "-1";
            yield return "NotAName";
        }
    }

    private static IEnumerable<(string What, JsonNode? Value)> BadFields(string field, JsonObject schema, bool required)
    {
        if (required) yield return ("null", null);
        var type = Type(schema);
        if (schema["enum"] is not null)
        {
            yield return ("-1", -1);
            yield return ("\"-1\"", "-1");
            yield return ("\"NotAName\"", "NotAName");
            yield break;
        }
        switch (type, Format(schema))
        {
            case (_, "uuid"):
                yield return ("\"not-a-guid\"", "not-a-guid");
                yield return ("12345", 12345);
                break;
            case (_, "date-time"):
                yield return ("\"not-a-date\"", "not-a-date");
                yield return ("12345", 12345);
                break;
            case ("string", _):
                yield return ("12345", 12345);
                yield return ("{}", new JsonObject());
                if (required) yield return ("1 MB string", new string('x', 1024 * 1024));
                if (Names.Contains(field))
                    foreach (var hidden in HiddenNames) yield return (Show(hidden), hidden);
                break;
            case ("integer", _):
                yield return ("\"abc\"", "abc");
                yield return ("-1", -1);
                yield return ("1e30", JsonNode.Parse("1e30"));
                yield return ("1.5", 1.5);
                break;
            case ("number", _):
                yield return ("\"NaN\"", "NaN");
                yield return ("\"Infinity\"", "Infinity");
                yield return ("1e400", JsonNode.Parse("1e400"));
                break;
            case ("boolean", _):
                yield return ("\"yes\"", "yes");
                yield return ("1", 1);
                break;
            case ("array", _):
                yield return ("{}", new JsonObject());
                yield return ("\"x\"", "x");
                break;
            case ("object", _):
                yield return ("[1]", new JsonArray(1));
                yield return ("\"x\"", "x");
                if (schema["additionalProperties"] is JsonObject values && Type(values) == "number")
                {
                    yield return ("{m:\"NaN\"}", new JsonObject { ["m"] = "NaN" });
                    yield return ("{m:1e400}", new JsonObject { ["m"] = JsonNode.Parse("1e400") });
                }
                break;
        }
    }
}
