using Broker.Hosting.Rabbit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Broker.Hosting.Configuration;

/// <summary>
/// Connections to an agency's own virtual host need only the agency id: what their configuration section leaves unset
/// is filled from <see cref="AgencyNames"/> (vhost <c>agency.&lt;ID&gt;</c>, the role's user, a client name). A value
/// set in configuration always wins, so an operator can still point a client anywhere.
/// </summary>
public static class AgencyConnectionDefaults
{
    /// <summary>
    /// Adds the defaults to the named <see cref="RabbitConnectionOptions"/> bound to <paramref name="sectionName"/>; the
    /// agency id is read from <paramref name="agencyKey"/> (e.g. <c>Gateway:Agency</c>). Without an agency id nothing is
    /// filled in and the host's own validation reports it.
    /// </summary>
    public static OptionsBuilder<RabbitConnectionOptions> DefaultToAgency(
        this OptionsBuilder<RabbitConnectionOptions> builder, string sectionName, string agencyKey, Func<string, string> userName, string clientName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(userName);
        return builder.PostConfigure<IConfiguration>((options, configuration) =>
        {
            var agency = configuration[agencyKey];
            if (string.IsNullOrWhiteSpace(agency))
            {
                return;
            }

            var section = configuration.GetSection(sectionName);
            if (section[nameof(RabbitConnectionOptions.VirtualHost)] is null)
            {
                options.VirtualHost = AgencyNames.VirtualHost(agency);
            }

            if (section[nameof(RabbitConnectionOptions.UserName)] is null && !options.UsesClientCertificate)
            {
                options.UserName = userName(agency);
            }

            if (section[nameof(RabbitConnectionOptions.ClientName)] is null)
            {
                options.ClientName = clientName;
            }
        });
    }
}
