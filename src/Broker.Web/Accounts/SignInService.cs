using Broker.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Broker.Web.Accounts;

/// <summary>Why a sign-in failed; the page shows one generic sentence for all but <see cref="Locked"/>.</summary>
internal enum SignInOutcome
{
    Success = 0,
    UnknownOrWrong = 1,
    Locked = 2,
}

/// <summary>
/// Password (Argon2id) plus TOTP, both required in one step. Each failure counts; the configured number of failures locks
/// the account for the lockout period, and a locked account is refused even with the right password and code. A TOTP
/// step already used cannot be used again. Both hold under parallel attempts: the failure is counted and the step claimed
/// in single SQL statements (<see cref="AccountStore.BeginAttempt"/>, <see cref="AccountStore.TryRecordSuccess"/>).
/// </summary>
internal sealed class SignInService(AccountStore accounts, IOptions<WebOptions> options, TimeProvider timeProvider)
{
    // Verified against when the account does not exist, so an unknown name costs the same time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => PasswordHashing.Hash("not-a-real-password"));

    public SignInOutcome SignIn(string userName, string password, string? code, out Officer? officer)
    {
        officer = null;
        var now = timeProvider.GetUtcNow();
        var account = accounts.Find(userName);
        if (account is null)
        {
            PasswordHashing.Verify(password, DummyHash.Value);
            return SignInOutcome.UnknownOrWrong;
        }

        // One statement counts this attempt before anything is verified (and refuses a locked account), so parallel
        // attempts cannot share a slot of the failure budget.
        var attempt = accounts.BeginAttempt(account.UserName, now, options.Value.MaxFailedSignIns, now.AddMinutes(options.Value.LockoutMinutes));
        if (attempt is not { } counted)
        {
            return SignInOutcome.Locked;
        }

        var passwordOk = PasswordHashing.Verify(password, account.PasswordHash);
        var codeOk = TotpCodes.Verify(account.TotpSecret, code, now, out var step) && step > account.LastTotpStep;

        // The step is claimed in the same statement that clears the count: one code opens one session, however many race.
        if (!passwordOk || !codeOk || !accounts.TryRecordSuccess(account.UserName, step))
        {
            return counted.LockedNow ? SignInOutcome.Locked : SignInOutcome.UnknownOrWrong;
        }

        officer = account;
        return SignInOutcome.Success;
    }
}
