using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Vocabulary;

public class AgencyIdTests
{
    [TestCase("TH-ONCB", "TH")]
    [TestCase("RU-MVD", "RU")]
    [TestCase("VN-C04", "VN")]
    public void TryParse_WellFormed_ReturnsIdWithCountry(string text, string country)
    {
        var ok = AgencyId.TryParse(text, out var id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(id.Country.Value, Is.EqualTo(country));
            Assert.That(id.Value, Is.EqualTo(text));
        }
    }

    [TestCase("")]
    [TestCase("th-oncb")]
    [TestCase("THA-ONCB")]
    [TestCase("TH-")]
    [TestCase("TH-ONCB ")]
    [TestCase("TH-ABCDEFGHIJKLMNOPQ")]
    [TestCase("TH_ONCB")]
    public void TryParse_Malformed_Refuses(string text)
    {
        Assert.That(AgencyId.TryParse(text, out _), Is.False);
    }
}
