using System.Security.Claims;
using Broker.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Broker.Web.Hosting;

/// <summary>
/// Every request's cookie is checked against its server-side session row (<see cref="AccountStore.IsSessionLive"/>): a
/// cookie copied before sign-out, before an account change or past the session's absolute expiry signs nobody in.
/// </summary>
internal sealed class SessionValidation(AccountStore accounts, TimeProvider timeProvider) : CookieAuthenticationEvents
{
    public const string SessionClaim = "broker.sid";

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = context.Principal?.FindFirstValue(SessionClaim);
        var name = context.Principal?.FindFirstValue(ClaimTypes.Name);
        if (session is null || name is null || !accounts.IsSessionLive(session, name, timeProvider.GetUtcNow()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }
}
