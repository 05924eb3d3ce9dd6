using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Gateway.ReadModel;

namespace Broker.Web.Pages;

/// <summary>Readable forms of alert fields: TLP banner, handling codes in words, and any JSON value as nested definition lists.</summary>
internal static class AlertRendering
{
    public static string TlpBanner(string tlp)
    {
        var meaning = tlp switch
        {
            "CLEAR" => "Recipients may share this without limit.",
            "GREEN" => "Recipients may share this within their community, not publicly.",
            "AMBER" => "Limited disclosure: recipients may share this only within their organisation and its clients on a need-to-know basis.",
            "AMBER+STRICT" => "Limited disclosure: recipients may share this only within their own organisation.",
            "RED" => "For the eyes and ears of individual recipients only, no further disclosure.",
            _ => "Unknown marking: treat as TLP:RED.",
        };
        var css = tlp is "CLEAR" or "GREEN" or "AMBER" or "RED" ? tlp : tlp == "AMBER+STRICT" ? "AMBER-STRICT" : "RED";
        return $"<div class=\"tlp tlp-{css}\" id=\"tlp\">TLP:{Html.E(tlp)}</div><p>{Html.E(meaning)}</p>";
    }

    public static string HandlingWords(string code) => code switch
    {
        "H0" => "For crime-fighting use only.",
        "H1" => "Not for use as evidence in court without a mutual legal assistance request / the provider's permission.",
        "H2" => "Not to be passed on without the provider's permission.",
        "H3" => "Other restrictions apply (see below).",
        _ => $"Unknown handling code {code}: ask the provider before any use.",
    };

    public static string Label(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(sb.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Renders any JSON node as encoded text: objects as definition lists, arrays as numbered items.</summary>
    public static string Node(JsonNode? node, int depth = 0)
    {
        if (depth > 16)
        {
            return "…";
        }

        switch (node)
        {
            case null:
                return string.Empty;
            case JsonObject obj:
                var sb = new StringBuilder("<dl>");
                foreach (var (key, value) in obj)
                {
                    sb.Append("<dt>").Append(Html.E(Label(key))).Append("</dt><dd>").Append(Node(value, depth + 1)).Append("</dd>");
                }

                return sb.Append("</dl>").ToString();
            case JsonArray array:
                var list = new StringBuilder("<ol>");
                foreach (var item in array)
                {
                    list.Append("<li>").Append(Node(item, depth + 1)).Append("</li>");
                }

                return list.Append("</ol>").ToString();
            default:
                return Html.E(AlertJson.AsText(node) ?? node.ToJsonString());
        }
    }

    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
