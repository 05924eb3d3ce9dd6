namespace Broker.Protocol.Vocabulary;

/// <summary>Traffic Light Protocol 2.0 (FIRST). The numeric order is the order of restriction: a higher value shares less widely.</summary>
public enum Tlp
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    AmberStrict = 3,
    Red = 4,
}

/// <summary>Crime area of an alert, as agreed for ASEAN-Russia cooperation. Wire names are kebab-case (<see cref="Wire"/>).</summary>
public enum Category
{
    DrugTrafficking = 1,
    Precursors = 2,
    NewPsychoactiveSubstances = 3,
    Corruption = 4,
    TraffickingInPersons = 5,
    FirearmsTrafficking = 6,
    MoneyLaundering = 7,
    TerrorismFinancing = 8,
    Cybercrime = 9,
}

public enum Priority
{
    Routine = 1,
    Priority = 2,
    Urgent = 3,
    Immediate = 4,
}

/// <summary>Protective classification of the content; ordered, a higher value is more sensitive.</summary>
public enum Classification
{
    Unclassified = 0,
    Restricted = 1,
    Confidential = 2,
    Secret = 3,
}

/// <summary>
/// Handling codes in the spirit of Europol's: H0 for crime-fighting use only; H1 not for use in court without the provider's
/// permission (a mutual legal assistance request); H2 not to be passed on without the provider's permission; H3 other restrictions
/// stated in the alert.
/// </summary>
[Flags]
public enum HandlingCodes
{
    None = 0,
    H0CrimeFightingOnly = 1,
    H1NoEvidenceWithoutMla = 2,
    H2NoOnwardWithoutConsent = 4,
    H3OtherRestrictions = 8,
}

/// <summary>Kind of authority an agency is; sharing policies can select by it.</summary>
public enum AuthorityType
{
    Police = 1,
    DrugControl = 2,
    Customs = 3,
    FinancialIntelligence = 4,
    Prosecution = 5,
    Court = 6,
}
