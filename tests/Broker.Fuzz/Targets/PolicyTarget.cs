using Broker.Policy.Evaluation;
using Broker.Policy.Loading;
using Broker.Policy.Signing;

namespace Broker.Fuzz.Targets;

/// <summary>
/// The documents another country or an operator hands a gateway or the hub: a sharing policy (<see cref="PolicyParser.TryParse"/>,
/// after its signature has been checked, but a policy author is still another party), its detached signature file
/// (<see cref="PolicySignatures.TryDecodeFile"/>) and the agency directory (<see cref="AgencyDirectoryJson.TryParse"/>). Each
/// answers false with an error, or a value; none throws.
/// </summary>
internal sealed class PolicyTarget : IFuzzTarget
{
    public string Name => "policy";

    public void Run(ReadOnlySpan<byte> data)
    {
        var parsed = PolicyParser.TryParse("fuzz", data, out var policy, out var result);
        Invariant.Holds(parsed ? policy is not null : !result.IsValid, "a policy parse that neither succeeds nor says why");

        var decoded = PolicySignatures.TryDecodeFile(data, out var signature, out var error);
        Invariant.Holds(decoded ? signature is not null : error is not null, "a signature file decode that neither succeeds nor says why");

        var read = AgencyDirectoryJson.TryParse("fuzz", data, out var directory, out error);
        Invariant.Holds(read ? directory is not null : error is not null, "an agency directory parse that neither succeeds nor says why");
    }
}
