using Broker.Protocol.Envelopes;
using Broker.Protocol.Tests.Support;
using Broker.Protocol.Vocabulary;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace Broker.Protocol.Tests.Envelopes;

public sealed class EnvelopePropertyTests
{
    private static readonly TestWorld World = TestWorld.Shared;

    /// <summary>
    /// For a random alert (1-4 views of 0-4 KiB, random data classes), a random recipient set (1-8 agencies, random views)
    /// and a random subset kept by the hub: the stripped envelope verifies, carries exactly the kept stanzas and their views,
    /// every kept recipient opens exactly its view, and every dropped recipient is refused.
    /// </summary>
#pragma warning disable NUnit1027 // FsCheck's [Property] supplies the argument; NUnit's analyzer cannot see that.
    [Property(MaxTest = 25)]
    public void SealStripOpen_RandomAlertRecipientsAndSubset_KeptRecipientsReadTheirViewOthersCannot(int seed)
#pragma warning restore NUnit1027
    {
        var random = new Random(seed);
        var views = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomView(random)).ToList();
        var senders = TestWorld.AgencyNames.OrderBy(_ => random.Next()).ToList();
        var sender = World[senders[0]];
        var recipients = senders.Skip(1).Take(random.Next(views.Count, Math.Max(views.Count, 8) + 1)).ToList();
        var request = World.Request(views, recipients) with
        {
            Recipients = recipients.Select((r, i) => new RecipientSpec(AgencyId.Parse(r), i < views.Count ? i : random.Next(views.Count), World[r].Encryption.PublicKey)).ToList(),
        };
        var sealedBytes = Envelope.Seal(request, sender);

        Assert.That(Envelope.TryVerify(sealedBytes, World.Registry, TestWorld.Now, out var verified, out var reason), Is.True, reason.ToString());
        var keep = recipients.Where(_ => random.Next(2) == 0).Select(AgencyId.Parse).ToList();
        var stripped = Envelope.Strip(verified!, keep);

        Assert.That(Envelope.TryVerify(stripped, World.Registry, TestWorld.Now, out var again, out reason), Is.True, reason.ToString());
        var expectedViews = request.Recipients.Where(r => keep.Contains(r.Agency)).Select(r => r.ViewIndex).Distinct().Order();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again!.PresentRecipients, Is.EquivalentTo(keep));
            Assert.That(again.PresentViews, Is.EqualTo(expectedViews));
            Assert.That(again.Header, Is.EqualTo(verified!.Header).Using<EnvelopeHeader>((a, b) => a.Id == b.Id && a.Recipients.SequenceEqual(b.Recipients)));
            foreach (var recipient in request.Recipients)
            {
                var opens = Envelope.TryOpen(stripped, World[recipient.Agency.Value], World.Registry, TestWorld.Now, out var opened, out reason);
                if (keep.Contains(recipient.Agency))
                {
                    Assert.That(opens, Is.True, $"{recipient.Agency}: {reason}");
                    Assert.That(opened!.Plaintext, Is.EqualTo(views[recipient.ViewIndex].Plaintext.ToArray()));
                    Assert.That(opened.ViewIndex, Is.EqualTo(recipient.ViewIndex));
                }
                else
                {
                    Assert.That(reason, Is.EqualTo(RejectReason.StanzaMissing));
                }
            }
        }
    }

    private static ViewContent RandomView(Random random)
    {
        var plaintext = new byte[random.Next(0, 4097)];
        random.NextBytes(plaintext);
        var classes = DataClass.Known.Where(_ => random.Next(3) == 0).ToList();
        return new ViewContent(classes, plaintext);
    }
}
