using System.ComponentModel.DataAnnotations;
using Broker.Protocol.Vocabulary;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Sharing;

/// <summary>
/// Interim data-class rule until the sharing-policy evaluator lands: which data classes each recipient country may
/// receive. <c>"*"</c> allows every class. A country that is not listed gets <see cref="DefaultDataClasses"/>.
/// </summary>
public sealed class SharingOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Sharing";
    public const string AllClasses = "*";

    public Dictionary<string, string[]> Countries { get; set; } = [];

    /// <summary>Classes for a country without its own entry; empty by default (fail closed: only untagged content).</summary>
    public string[] DefaultDataClasses { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (country, classes) in Countries)
        {
            if (!CountryCode.TryParse(country, out _))
            {
                yield return new ValidationResult($"Sharing country '{country}' is not a two-letter upper-case code.", [nameof(Countries)]);
            }

            foreach (var bad in classes.Where(c => c != AllClasses && !DataClass.TryParse(c, out _)))
            {
                yield return new ValidationResult($"Sharing class '{bad}' for {country} is not a data class.", [nameof(Countries)]);
            }
        }

        foreach (var bad in DefaultDataClasses.Where(c => c != AllClasses && !DataClass.TryParse(c, out _)))
        {
            yield return new ValidationResult($"Default sharing class '{bad}' is not a data class.", [nameof(DefaultDataClasses)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class SharingOptionsValidator : IValidateOptions<SharingOptions>;
