namespace Broker.Hub.Claims;

/// <summary>The claim decision shared by every store, given what the store already holds for the id.</summary>
internal static class ClaimRules
{
    public static ClaimResult Decide(EnvelopeClaim claim, byte[] storedHash, bool completed)
    {
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(storedHash, claim.BodyHash) || !claim.Redelivered)
        {
            return ClaimResult.Replayed;
        }

        return completed ? ClaimResult.AlreadyCompleted : ClaimResult.Claimed;
    }
}
