using System.CommandLine;
using OtpNet;

namespace Broker.Cli.Commands;

/// <summary>
/// The current authenticator code for a demo account's TOTP secret, so a newcomer can sign in to the demo web client
/// without an authenticator app. Real officers enrol the secret in their own authenticator; never script this for them.
/// </summary>
internal static class TotpCommand
{
    public static Command Create()
    {
        var secret = new Argument<string>("secret") { Description = "The account's base32 TOTP secret (printed by the demo)." };
        var command = new Command("totp", "Print the current 6-digit authenticator code for a demo account's TOTP secret.") { secret };
        command.SetAction(parse =>
        {
            byte[] key;
            try
            {
                key = Base32Encoding.ToBytes(parse.GetValue(secret)!.Trim());
            }
            catch (ArgumentException)
            {
                parse.InvocationConfiguration.Error.WriteLine("totp: the secret is not base32");
                return 2;
            }

            var totp = new Totp(key);
            parse.InvocationConfiguration.Output.WriteLine($"{totp.ComputeTotp()}  (valid for {totp.RemainingSeconds()} s more)");
            return 0;
        });
        return command;
    }
}
