namespace Broker.Hub.Replay;

/// <summary>The claim decision shared by every store, given what the store already holds for the id.</summary>
internal static class ReplayRules
{
    public static ClaimResult Decide(ReplayClaim claim, byte[] storedHash, bool completed)
    {
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(storedHash, claim.BodyHash) || !claim.Redelivered)
        {
            return ClaimResult.Replay;
        }

        return completed ? ClaimResult.AlreadyCompleted : ClaimResult.Claimed;
    }
}
