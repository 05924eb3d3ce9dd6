namespace Broker.Protocol.Envelopes;

/// <summary>Refuses, with one precise sentence, a <see cref="SealRequest"/> that would produce an envelope a verifier rejects.</summary>
internal static class SealValidation
{
    public static void Check(SealRequest request)
    {
        Require(request.Views.Count is > 0 and <= ProtocolLimits.MaxViews, $"An envelope has 1 to {ProtocolLimits.MaxViews} views.");
        Require(request.Recipients.Count is > 0 and <= ProtocolLimits.MaxRecipients, $"An envelope has 1 to {ProtocolLimits.MaxRecipients} recipients.");
        Require(request.Recipients.Select(r => r.Agency).Distinct().Count() == request.Recipients.Count, "Each agency is addressed at most once.");
        Require(request.Recipients.All(r => r.Key is not null && r.ViewIndex >= 0 && r.ViewIndex < request.Views.Count), "Each recipient names an existing view and a key.");
        Require(Enumerable.Range(0, request.Views.Count).All(i => request.Recipients.Any(r => r.ViewIndex == i)), "Every view is addressed to at least one recipient.");
        foreach (var view in request.Views)
        {
            Require(view.Plaintext.Length <= ProtocolLimits.MaxViewPlaintextBytes, $"A view is at most {ProtocolLimits.MaxViewPlaintextBytes} bytes.");
            Require(view.DataClasses.Distinct().Count() <= ProtocolLimits.MaxDataClassesPerView, $"A view has at most {ProtocolLimits.MaxDataClassesPerView} data classes.");
            Require(view.DataClasses.All(c => c.Value is not null), "Data classes must be parsed values.");
        }

        Require(request.Created.ToUnixTimeMilliseconds() >= 0, "Created is after 1970.");
        Require(request.Expires > request.Created, "Expires is after Created.");
        Require(request.Expires - request.Created <= ProtocolLimits.MaxLifetime, $"An envelope lives at most {ProtocolLimits.MaxLifetime.TotalDays} days.");
        var size = request.Views.Sum(v => (long)v.Plaintext.Length + 64) + (request.Recipients.Count * 1200L) + 8192;
        Require(size <= ProtocolLimits.MaxEnvelopeBytes, $"A sealed envelope is at most {ProtocolLimits.MaxEnvelopeBytes} bytes.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
