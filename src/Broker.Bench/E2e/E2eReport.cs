using System.Globalization;
using Broker.Bench.World;

namespace Broker.Bench.E2e;

/// <summary>Prints one run's figures: raw RabbitMQ beside the broker stack, then where an alert's time goes.</summary>
internal static class E2eReport
{
    public static void Write(E2eResult result, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"end to end, {result.AlertBytes} B alert, {BenchRoute.Sender} -> {string.Join(", ", BenchRoute.Recipients)} (figures from this run only)"));
        output.WriteLine(string.Create(c, $"{"",-44} {"msg/s",9} {"p50 ms",9} {"p99 ms",9}"));
        output.WriteLine(string.Create(c, $"{"raw RabbitMQ (confirm publish -> consume)",-44} {result.Raw.Throughput,9:0.0} {result.Raw.P50,9:0.0} {result.Raw.P99,9:0.0}"));
        output.WriteLine(string.Create(c, $"{"broker, full speed (alerts/s, 3 copies each)",-44} {result.Full.Throughput,9:0.0} {result.Full.P50,9:0.0} {result.Full.P99,9:0.0}"));
        output.WriteLine(string.Create(c, $"{$"broker, paced at {result.Full.Throughput / 2:0.0}/s",-44} {result.Half.Throughput,9:0.0} {result.Half.P50,9:0.0} {result.Half.P99,9:0.0}"));
        output.WriteLine(string.Create(c, $"ratio broker/raw throughput: {result.Full.Throughput / result.Raw.Throughput:0.000}"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"{"stage (mean per delivered copy)",-44} {"full ms",9} {"share",7} {"paced ms",9} {"share",7}"));
        var fullTotal = result.Full.Stages.Sum(s => s.MeanMs);
        var halfTotal = result.Half.Stages.Sum(s => s.MeanMs);
        for (var i = 0; i < result.Full.Stages.Count; i++)
        {
            var (name, full) = result.Full.Stages[i];
            var half = result.Half.Stages[i].MeanMs;
            output.WriteLine(string.Create(c, $"{name,-44} {full,9:0.0} {full / fullTotal,7:P0} {half,9:0.0} {half / halfTotal,7:P0}"));
        }

        output.WriteLine(string.Create(c, $"(copies timed: {result.Full.CopiesTimed} full, {result.Half.CopiesTimed} paced; the outbox wait and sealing are the sending gateway's histogram means,"));
        output.WriteLine("the other stages come from the envelope's created time, the ingress archive stream, the routing receipt's issuedAt,");
        output.WriteLine("the delivered alert's verifiedAt and the arrival on agency.inbox; all on this machine's clock.");
        output.WriteLine("(*) the hub issues the receipt after every copy is confirmed, so a recipient may open its copy before: near zero or negative)");
    }
}
