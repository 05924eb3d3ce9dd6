namespace Broker.Gateway.Alerts;

/// <summary>An alert that passed every check: its facts and its exact JSON bytes as received.</summary>
internal sealed record ValidatedAlert(CaseAlert Alert, ReadOnlyMemory<byte> Json);
