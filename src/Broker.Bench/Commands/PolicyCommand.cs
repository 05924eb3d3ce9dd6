using System.CommandLine;
using Broker.Bench.Policy;
using Broker.Bench.Timing;

namespace Broker.Bench.Commands;

/// <summary><c>broker-bench policy</c>: policy evaluation for one alert and 30 recipients against the hub's signature verification.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var policies = new Option<string>("--policies") { Description = "Folder of *.policy.json files.", DefaultValueFactory = _ => SamplePolicies.DefaultFolder };
        var directory = new Option<string?>("--directory") { Description = "Agency directory JSON (default: agencies.sample.json in the policies folder)." };
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per part (plus half as much warm-up).", DefaultValueFactory = _ => 4 };
        var command = new Command("policy", "Benchmark policy evaluation (one alert, 30 recipients, all sample policies) against envelope signature verification.");
        command.Options.Add(policies);
        command.Options.Add(directory);
        command.Options.Add(seconds);
        command.SetAction(parse => SamplePolicies.Run(parse, (output, error) =>
        {
            var folder = parse.GetValue(policies)!;
            var set = SamplePolicies.LoadSet(folder, error);
            var agencies = SamplePolicies.LoadDirectory(parse.GetValue(directory) ?? Path.Combine(folder, "agencies.sample.json"));
            var duration = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 0.2, 120));
            PolicyBenchmark.Run(set, agencies, duration, output, Measure.System).Write(output);
            return 0;
        }));
        return command;
    }
}
