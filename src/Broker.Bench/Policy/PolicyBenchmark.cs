using Broker.Bench.Timing;
using Broker.Bench.World;
using Broker.Policy.Evaluation;
using Broker.Policy.Store;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Bench.Policy;

/// <summary>
/// Policy decisions per second for one alert against up to 30 recipient agencies with every given policy loaded, beside the
/// hub's composite-signature verification of the same alert's envelope (the goal: policy at most 5% of it).
/// </summary>
internal static class PolicyBenchmark
{
    public const int MaxRecipients = 30;
    private const int Rounds = 8;

    public static PolicyBenchResult Run(PolicySet set, AgencyDirectory agencies, TimeSpan duration, TextWriter output, Measure measure)
    {
        var now = TimeProvider.System.GetUtcNow();
        var origin = AgencyId.Parse("TH-ONCB");
        var recipients = agencies.Agencies.Where(a => a.Id != origin).Take(MaxRecipients).Select(a => a.Id).ToArray();
        var alert = new AlertFacts
        {
            Origin = origin,
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Classification = Classification.Restricted,
            Handling = HandlingCodes.H0CrimeFightingOnly,
            AddressedAgencies = recipients,
            Expires = now.AddDays(1),
            Views = [new AlertView([DataClass.PersonalIdentity, DataClass.OperationalGeneral]), new AlertView([DataClass.OperationalGeneral])],
        };

        var evaluation = PolicyEvaluator.Evaluate(alert, agencies, set, now);
        output.WriteLine($"Alert from {origin} to {recipients.Length} agencies: {evaluation.Allowed.Count()} allowed, " +
            $"{evaluation.Decisions.Count(d => d.Outcome == DecisionOutcome.Withheld)} withheld, {evaluation.Decisions.Count(d => d.Outcome == DecisionOutcome.Deny)} denied; " +
            $"{set.Countries.Count} policies loaded");

        using var world = BenchWorld.Create(recipients.Prepend(origin).Select(a => a.Value), now);
        var envelope = Envelope.Seal(Request(world, alert, evaluation), world[origin.Value]);
        if (!Envelope.TryVerify(envelope, world.Registry, now, out _, out var reason) || !Envelope.TryReadHeader(envelope, out var header, out reason))
        {
            throw new InvalidOperationException($"The benchmark envelope does not verify ({reason}).");
        }

        // Alternate short rounds of the three parts and keep each part's best round: other load on the machine then distorts
        // the ratio far less than one long run of each. The warm-up lets tiered JIT and PGO reach the hub's steady state.
        var best = measure.BestOfAlternating(duration / 2, duration / Rounds, Rounds,
            () => PolicyEvaluator.Evaluate(alert, agencies, set, now),
            () => EnvelopePolicy.CheckRecipients(header, agencies, set, now),
            () => Envelope.TryVerify(envelope, world.Registry, now, out _, out _));
        return new PolicyBenchResult(recipients.Length, envelope.Length, best[0], best[1], best[2]);
    }

    // Every recipient gets the view the policies chose for it (or view 1), as the gateway would seal it.
    private static SealRequest Request(BenchWorld world, AlertFacts alert, AlertEvaluation evaluation) => new()
    {
        Id = EnvelopeId.New(),
        Created = world.Now,
        Expires = alert.Expires,
        Category = alert.Category,
        Tlp = alert.Tlp,
        Classification = alert.Classification,
        Handling = alert.Handling,
        Views = [.. alert.Views.Select((v, i) => new ViewContent(v.DataClasses, new byte[2048 + i]))],
        Recipients = [.. alert.AddressedAgencies.Select(r => new RecipientSpec(r,
            evaluation.Decisions.FirstOrDefault(d => d.Recipient == r)?.ViewIndex ?? 1, world[r.Value].Encryption.PublicKey))],
    };
}
