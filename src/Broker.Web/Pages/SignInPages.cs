using System.Security.Claims;
using Broker.Web.Accounts;
using Broker.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Broker.Web.Pages;

/// <summary>Sign-in (password + TOTP in one form) and sign-out; both forms carry an anti-forgery token.</summary>
internal static class SignInPages
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery) => Form(context, antiforgery, null)).AllowAnonymous();
        endpoints.MapPost("/signin", SignInAsync).AllowAnonymous().WithMetadata(new SignInRateLimits.Marker());
        endpoints.MapPost("/signout", SignOutAsync).AllowAnonymous();
    }

    // Binds no form field, so the anti-forgery check is explicit: a cross-site post must not end an officer's session.
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, AccountStore accounts, ILogger<SignInService> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        if (context.User.FindFirstValue(SessionValidation.SessionClaim) is { } session)
        {
            accounts.EndSession(session);
            var name = context.User.FindFirstValue(ClaimTypes.Name) ?? string.Empty;
            logger.SignedOut(name);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/signin");
    }

    private static IResult Form(HttpContext context, IAntiforgery antiforgery, string? error, int status = 200)
    {
        var body = $"""
            <h1>Sign in</h1>
            {(error is null ? string.Empty : $"<p class=\"error\" id=\"signin-error\">{Html.E(error)}</p>")}
            <form method="post" action="/signin">{CurrentOfficer.Antiforgery(context, antiforgery)}
            <p><label>Account <input name="user" id="user" autocomplete="username" required></label></p>
            <p><label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label></p>
            <p><label>Authenticator code <input name="code" id="code" inputmode="numeric" autocomplete="one-time-code" minlength="6" maxlength="6" required></label></p>
            <p><button type="submit" id="signin">Sign in</button></p></form>
            """;
        return Html.Result(Html.Page("Sign in", null, body), status);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, IAntiforgery antiforgery, SignInService signIn, AccountStore accounts, TimeProvider timeProvider, IOptions<WebOptions> options, ILogger<SignInService> logger,
        [FromForm] string user, [FromForm] string password, [FromForm] string code)
    {
        var outcome = signIn.SignIn(user, password, code, out var officer);
        switch (outcome)
        {
            case SignInOutcome.Success when officer is not null:
                var now = timeProvider.GetUtcNow();
                var session = accounts.StartSession(officer.UserName, now, now.AddMinutes(options.Value.SessionMinutes));
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, officer.UserName), new Claim(ClaimTypes.Role, officer.Role.ToString()), new Claim(SessionValidation.SessionClaim, session)],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                logger.SignedIn(officer.UserName);
                return Results.Redirect("/");
            case SignInOutcome.Locked:
                logger.SignInFailed(user.Length > 64 ? user[..64] : user, "locked");
                return Form(context, antiforgery, "This account is locked after repeated failed sign-ins. Try again later or ask your administrator.", 403);
            default:
                logger.SignInFailed(user.Length > 64 ? user[..64] : user, "wrong-credentials");
                return Form(context, antiforgery, "The account, password or code is wrong.", 401);
        }
    }
}
