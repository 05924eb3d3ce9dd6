using System.Globalization;
using System.Net;
using System.Text;

namespace Broker.Policy.Analysis;

/// <summary>Renders a <see cref="PolicyMatrix"/> as a text table and as a self-contained SVG heat map.</summary>
public static class PolicyMatrixRendering
{
    public static string ToText(PolicyMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Allowed deliveries (allowed/combinations; 'w' = withheld for data classes) for {matrix.Probe.Describe()} at {matrix.At:O}");
        text.AppendLine("rows: origin country, columns: destination country");
        text.Append("from\\to");
        foreach (var to in matrix.Countries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{to.Value,9}");
        }

        text.AppendLine();
        foreach (var from in matrix.Countries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{from.Value,-7}");
            foreach (var to in matrix.Countries)
            {
                var cell = matrix.Cell(from, to);
                var value = cell.Total == 0 ? "-" : $"{cell.Allowed}/{cell.Total}{(cell.Withheld > 0 ? "w" : string.Empty)}";
                text.Append(CultureInfo.InvariantCulture, $"{value,9}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public static string ToSvg(PolicyMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        const int cell = 56;
        const int left = 70;
        const int top = 96;
        var n = matrix.Countries.Count;
        var width = left + (n * cell) + 200;
        var height = top + (n * cell) + 60;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Who may send to whom (share of sender/recipient/category combinations allowed)</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"42\">{WebUtility.HtmlEncode(matrix.Probe.Describe())}; policies in force at {matrix.At:yyyy-MM-dd}</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"62\">rows: origin country, columns: destination country. Illustrative sample policies.</text>");
        for (var i = 0; i < n; i++)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left + (i * cell) + (cell / 2)}\" y=\"{top - 8}\" text-anchor=\"middle\" font-weight=\"bold\">{matrix.Countries[i].Value}</text>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left - 10}\" y=\"{top + (i * cell) + (cell / 2) + 4}\" text-anchor=\"end\" font-weight=\"bold\">{matrix.Countries[i].Value}</text>");
        }

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var value = matrix.Cell(matrix.Countries[r], matrix.Countries[c]);
                var x = left + (c * cell);
                var y = top + (r * cell);
                svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{Colour(value)}\" stroke=\"white\" stroke-width=\"2\"><title>{value.From} to {value.To}: {value.Allowed} of {value.Total} allowed, {value.Withheld} withheld</title></rect>");
                var label = value.Total == 0 ? "-" : $"{Math.Round(value.AllowedShare * 100):0}%";
                var ink = value.AllowedShare > 0.55 ? "white" : "black";
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2)}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"middle\" fill=\"{ink}\">{label}</text>");
            }
        }

        var legendX = left + (n * cell) + 24;
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{top + 10}\" font-weight=\"bold\">Legend</text>");
        var samples = new[] { (0.0, 0, "nothing allowed"), (0.0, 1, "only withheld (data classes)"), (0.25, 0, "25% allowed"), (0.5, 0, "50% allowed"), (1.0, 0, "all allowed") };
        for (var i = 0; i < samples.Length; i++)
        {
            var (share, withheld, text) = samples[i];
            var fill = Colour(new MatrixCell(default, default, (int)(share * 100), withheld, 100));
            svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{top + 22 + (i * 24)}\" width=\"18\" height=\"18\" fill=\"{fill}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 26}\" y=\"{top + 36 + (i * 24)}\">{text}</text>");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    // Grey for nothing, amber when only withheld deliveries exist, then light to dark green with the allowed share.
    private static string Colour(MatrixCell cell)
    {
        if (cell.Allowed == 0)
        {
            return cell.Withheld > 0 ? "#f0b429" : "#e4e7eb";
        }

        var t = cell.AllowedShare;
        var r = (int)(199 + ((20 - 199) * t));
        var g = (int)(233 + ((110 - 233) * t));
        var b = (int)(192 + ((50 - 192) * t));
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
