using System.Reflection;
using Broker.Protocol.Vocabulary;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The gateway's reader of a plain case alert from its agency system (AlertValidator: size cap, UTF-8, bounded-depth JSON, the
/// case-alert schema, the facts), then what the gateway does next with an accepted alert: list its data classes and redact each
/// of them (AlertRedactor). The validator answers true or a rejection; the redactor never throws on an accepted alert.
/// AlertValidator and AlertRedactor are internal to Broker.Gateway, so they are bound by name (see <see cref="Internals"/>).
/// One validator per seed alert's origin (an alert from another agency is refused, so each gets its own gateway).
/// </summary>
internal sealed class CaseAlertTarget : IFuzzTarget
{
    private const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DoNotWrapExceptions;

    private static readonly string[] Origins = ["TH-ONCB", "SG-CNB", "MY-PDRM"];

    private static readonly Lazy<(object[] Validators, MethodInfo TryValidate)> Bound = new(Bind);

    private static readonly ClassesPresentFn ClassesPresent =
        Internals.Bind<ClassesPresentFn>(GatewayAssembly, "Broker.Gateway.Alerts.AlertRedactor", "ClassesPresent");

    private static readonly RedactFn Redact = Internals.Bind<RedactFn>(GatewayAssembly, "Broker.Gateway.Alerts.AlertRedactor", "Redact");

    private delegate IReadOnlyList<DataClass> ClassesPresentFn(ReadOnlySpan<byte> json);

    private delegate object RedactFn(ReadOnlySpan<byte> json, IReadOnlySet<DataClass> withheld);

    public string Name => "case-alert";

    internal static Assembly GatewayAssembly => typeof(Broker.Gateway.ReadModel.AlertJson).Assembly;

    public void Run(ReadOnlySpan<byte> data)
    {
        var (validators, tryValidate) = Bound.Value;
        var body = new ReadOnlyMemory<byte>(data.ToArray());
        foreach (var validator in validators)
        {
            var args = new object?[] { body, null, null };
            var ok = (bool)tryValidate.Invoke(validator, Flags, null, args, null)!;
            Invariant.Holds(ok ? args[1] is not null : args[2] is not null, "a validation that neither accepts nor names a rejection");
            if (!ok)
            {
                continue;
            }

            var present = ClassesPresent(data);
            foreach (var dataClass in present)
            {
                _ = Redact(data, new HashSet<DataClass> { dataClass });
            }

            _ = Redact(data, present.ToHashSet());
        }
    }

    private static (object[], MethodInfo) Bind()
    {
        var type = GatewayAssembly.GetType("Broker.Gateway.Alerts.AlertValidator", throwOnError: true)!;
        var limits = GatewayAssembly.GetType("Broker.Gateway.Alerts.AlertLimits", throwOnError: true)!.GetProperty("Default", Flags)!.GetValue(null)!;
        // The seed alerts (deploy/demo/alerts) were created on 2026-11-28 between 08:00 and 10:00 UTC.
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 1, 0, TimeSpan.Zero));
        var validators = Origins
            .Select(id => Activator.CreateInstance(type, Flags, null, [AgencyId.Parse(id), limits, clock], null)
                ?? throw new InvalidOperationException("Fuzz harness: AlertValidator could not be created."))
            .ToArray();
        var tryValidate = type.GetMethod("TryValidate", Flags) ?? throw new InvalidOperationException("Fuzz harness: AlertValidator.TryValidate is gone.");
        return (validators, tryValidate);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
