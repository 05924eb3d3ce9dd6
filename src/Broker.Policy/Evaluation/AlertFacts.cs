namespace Broker.Policy.Evaluation;

/// <summary>
/// What the policy evaluator needs to know about one alert: everything here is in the signed envelope header, so the gateway
/// (before sealing) and the hub (without keys) evaluate the same facts. Views are the alternative contents the sender prepared;
/// a view's index is its position in <see cref="Views"/>.
/// </summary>
public sealed record AlertFacts
{
    public const int MaxViews = 64;

    public required AgencyId Origin { get; init; }

    public required Category Category { get; init; }

    public Priority Priority { get; init; } = Priority.Routine;

    public required Tlp Tlp { get; init; }

    public required Classification Classification { get; init; }

    public HandlingCodes Handling { get; init; }

    /// <summary>True for a notice to every agency the policies allow; then nobody may be named.</summary>
    public bool Broadcast { get; init; }

    public IReadOnlyList<AgencyId> AddressedAgencies { get; init; } = [];

    public IReadOnlyList<CountryCode> AddressedCountries { get; init; } = [];

    public required DateTimeOffset Expires { get; init; }

    public required IReadOnlyList<AlertView> Views { get; init; }
}

/// <summary>One prepared content of an alert and the data classes it contains.</summary>
public sealed record AlertView(IReadOnlyList<DataClass> DataClasses);
