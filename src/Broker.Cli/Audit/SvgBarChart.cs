using System.Globalization;
using System.Net;
using System.Text;

namespace Broker.Cli.Audit;

/// <summary>A horizontal bar chart as inline SVG: static markup, no script, readable in any browser and printable.</summary>
internal static class SvgBarChart
{
    private const int Width = 760;
    private const int LabelWidth = 260;
    private const int BarHeight = 18;
    private const int Gap = 6;

    public static string Render(string title, IReadOnlyList<(string Label, long Value)> bars, string colour)
    {
        var svg = new StringBuilder();
        var height = 34 + (Math.Max(bars.Count, 1) * (BarHeight + Gap));
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">{Encode(title)}</text>");
        if (bars.Count == 0)
        {
            svg.Append("<text x=\"0\" y=\"44\" font-size=\"13\" fill=\"#666\">nothing recorded</text></svg>");
            return svg.ToString();
        }

        var max = Math.Max(1, bars.Max(b => b.Value));
        var scale = (Width - LabelWidth - 70) / (double)max;
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = 30 + (i * (BarHeight + Gap));
            var length = Math.Max(1, value * scale);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 13}\" font-size=\"12\" text-anchor=\"end\">{Encode(Shorten(label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{length:F1}\" height=\"{BarHeight}\" fill=\"{colour}\"><title>{Encode(label)}: {value}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 6:F1}\" y=\"{y + 13}\" font-size=\"12\">{value}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string label) => label.Length <= 40 ? label : label[..39] + "…";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
