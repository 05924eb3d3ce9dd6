namespace Broker.Protocol.Envelopes;

/// <summary>What an envelope carries. The numeric value is the wire value (envelope-v1.md §4.1); unknown values are refused.</summary>
public enum MessageKind
{
    Alert = 1,
    Reply = 2,
    Acknowledgement = 3,
    EvidenceRequest = 4,
    OnwardRequest = 5,
    PermissionGrant = 6,
    PermissionRefusal = 7,
    DeliveryReceipt = 8,

    /// <summary>
    /// A recipient's signed answer that it could not open or validate the envelope named by in-reply-to (envelope-v1.md §4.1):
    /// the header alone tells the hub and the audit log that this recipient did not receive it.
    /// </summary>
    NonDelivery = 9,
}
