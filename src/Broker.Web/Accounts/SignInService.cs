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
/// step already used cannot be used again.
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

        if (account.LockedUntil is { } until && until > now)
        {
            return SignInOutcome.Locked;
        }

        var passwordOk = PasswordHashing.Verify(password, account.PasswordHash);
        var codeOk = TotpCodes.Verify(account.TotpSecret, code, now, out var step) && step > account.LastTotpStep;
        if (!passwordOk || !codeOk)
        {
            var failed = (account.LockedUntil is null ? account.FailedSignIns : 0) + 1;
            var lockNow = failed >= options.Value.MaxFailedSignIns;
            accounts.RecordFailure(account.UserName, failed, lockNow ? now.AddMinutes(options.Value.LockoutMinutes) : null);
            return lockNow ? SignInOutcome.Locked : SignInOutcome.UnknownOrWrong;
        }

        accounts.RecordSuccess(account.UserName, step);
        officer = account;
        return SignInOutcome.Success;
    }
}
