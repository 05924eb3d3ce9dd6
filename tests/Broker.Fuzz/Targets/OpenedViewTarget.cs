using Broker.Protocol.Envelopes;
using Broker.Protocol.Vocabulary;

namespace Broker.Fuzz.Targets;

/// <summary>
/// A recipient gateway's check of a view it has just opened (ViewConformance, internal to Broker.Gateway): the plaintext is the
/// sender's, so any bytes can arrive there under a valid signature. The first input byte picks which well-known data classes
/// the signed header claims; the rest is the view. The check answers "conforms" or a violation, never an exception.
/// </summary>
internal sealed class OpenedViewTarget : IFuzzTarget
{
    private static readonly Func<OpenedEnvelope, object?> Check =
        Internals.Bind<Func<OpenedEnvelope, object?>>(CaseAlertTarget.GatewayAssembly, "Broker.Gateway.Inbound.ViewConformance", "Check");

    private static readonly Lazy<EnvelopeHeader> AlertHeader = new(SealOne);

    public string Name => "opened-view";

    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var mask = data[0];
        var claimed = DataClass.Known.Where((_, i) => i < 8 && (mask & (1 << i)) != 0).ToList();
        _ = Check(new OpenedEnvelope(AlertHeader.Value, 0, claimed, data[1..].ToArray()));
    }

    /// <summary>A real alert header from the vectors' network: the check reads only its kind.</summary>
    private static EnvelopeHeader SealOne()
    {
        var world = VectorWorld.Shared;
        var sender = world.Keys[0];
        var recipient = world.Keys[1];
        var sealedBytes = Envelope.Seal(new SealRequest
        {
            Id = EnvelopeId.New(),
            Created = world.Now,
            Expires = world.Now.AddDays(1),
            Category = Category.DrugTrafficking,
            Tlp = Tlp.Amber,
            Views = [new ViewContent([DataClass.OperationalGeneral], "{}"u8.ToArray())],
            Recipients = [new RecipientSpec(recipient.Agency, 0, recipient.Encryption.PublicKey)],
        }, sender);
        return Envelope.TryReadHeader(sealedBytes, out var header, out var reason)
            ? header
            : throw new InvalidOperationException($"Fuzz harness: a freshly sealed envelope did not read back: {reason}.");
    }
}
