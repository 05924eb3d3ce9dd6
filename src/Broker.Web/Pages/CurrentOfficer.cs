using System.Security.Claims;
using Broker.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;

namespace Broker.Web.Pages;

/// <summary>The signed-in officer, re-read from the account store on every request so a role or clearance change applies at once.</summary>
internal static class CurrentOfficer
{
    public static Officer? Get(HttpContext context, AccountStore accounts)
    {
        var name = context.User.FindFirstValue(ClaimTypes.Name);
        return name is null ? null : accounts.Find(name);
    }

    public static string Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }

    public static string Label(Officer officer) =>
        $"{officer.DisplayName} ({officer.Agency}, {officer.Role.ToString().ToLowerInvariant()}, {ClearanceNames.Name(officer.Clearance)})";
}
