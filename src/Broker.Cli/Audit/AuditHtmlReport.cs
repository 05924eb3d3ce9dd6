using System.Globalization;
using System.Net;
using System.Text;
using Broker.Audit.Verification;
using Broker.Protocol.Vocabulary;

namespace Broker.Cli.Audit;

/// <summary>
/// A self-contained HTML report an auditor opens in a browser: the summary, charts (inline SVG) of volume by country pair and by
/// category, denials by rule and findings by code, then every finding. A content security policy forbids scripts and fetches.
/// </summary>
public static class AuditHtmlReport
{
    private const int TopBars = 25;

    public static void Write(string path, string title, IEnumerable<(string Item, string Value)> summary, AuditStatistics statistics, IReadOnlyList<Finding> findings, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1><p class=\"meta\">Generated {generatedAt:yyyy-MM-dd HH:mm:ss} UTC. ");
        html.Append(findings.Count == 0
            ? "<strong class=\"ok\">No findings: every check passed.</strong></p>"
            : $"<strong class=\"bad\">{findings.Count} finding(s).</strong></p>");
        html.Append("<h2>Summary</h2><table><tr><th>Check</th><th>Result</th></tr>");
        foreach (var (item, value) in summary)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(item)}</td><td class=\"num\">{E(value)}</td></tr>");
        }

        html.Append("</table><h2>Charts</h2><div class=\"charts\">");
        html.Append(SvgBarChart.Render("Allowed volume by country pair", Top(statistics.VolumeByCountryPair.Select(p => ($"{p.Key.Origin} → {p.Key.Destination}", p.Value))), "#2f6f9f"));
        html.Append(SvgBarChart.Render("Allowed volume by country pair and category", Top(statistics.VolumeByCountryPairAndCategory.Select(p => ($"{p.Key.Origin} → {p.Key.Destination} · {Wire.Name(p.Key.Category)}", p.Value))), "#3f7fa0"));
        html.Append(SvgBarChart.Render("Envelopes by category", Top(statistics.VolumeByCategory.Select(p => (Wire.Name(p.Key), p.Value))), "#4f8f4f"));
        html.Append(SvgBarChart.Render("Denials by rule", Top(statistics.DenialsByRule.Select(p => (p.Key, p.Value))), "#b07020"));
        html.Append(SvgBarChart.Render("Ingress refusals by reject code", Top(statistics.RefusalsByCode.Select(p => (p.Key, p.Value))), "#8f4f8f"));
        html.Append(SvgBarChart.Render("Findings by code", Top(findings.GroupBy(f => f.Code).Select(g => (g.Key.ToString(), (long)g.Count()))), "#b03030"));
        html.Append("</div><h2>Findings</h2>");
        if (findings.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<table><tr><th>Code</th><th>Entry / size</th><th>Detail</th></tr>");
            foreach (var finding in findings)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{finding.Code}</td><td class=\"num\">{finding.Index?.ToString(CultureInfo.InvariantCulture) ?? "-"}</td><td>{E(finding.Detail)}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</body></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    private static List<(string Label, long Value)> Top(IEnumerable<(string Label, long Value)> bars) =>
        bars.OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).Take(TopBars).ToList();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}"
        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.num{text-align:right}"
        + ".ok{color:#2a7a2a}.bad{color:#b03030}.meta{color:#555}.charts svg{display:block;margin-bottom:1.5em}";
}
