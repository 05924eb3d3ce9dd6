using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Broker.Hub.Auditor;
using Broker.IntegrationTests.Hub;
using Broker.Protocol.AuditEntries;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Transparency;
using Broker.Testing.Policies;

namespace Broker.IntegrationTests.Audit;

/// <summary>The read-only auditor API of a running hub: refused without a valid token; its tree heads and proofs verify.</summary>
[TestFixture]
public sealed class AuditorApiTests : CoreTestBase
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Test, CancelAfter(60_000)]
    public async Task AuditorApi_TokenRequired_AndProofsVerifyAgainstSignedTreeHeads(CancellationToken cancellationToken)
    {
        var thailand = await CollectDeliveriesAsync("TH-ONCB", cancellationToken);
        var hub = await StartHubAsync("api", cancellationToken, web: true, policies: WritePolicies("th-to-ru", OpenPolicies.Only("TH", "RU")));
        using var anonymous = new HttpClient { BaseAddress = hub.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = hub.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var auditor = new HttpClient { BaseAddress = hub.BaseAddress };
        auditor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubHost.AuditorToken);
        var channel = await AgencyChannelAsync("TH-ONCB", cancellationToken);

        async Task<EnvelopeId> SendAsync()
        {
            var id = EnvelopeId.New();
            await PublishAsync(channel, "TH-ONCB", World.Seal("TH-ONCB", ["RU-MVD"], id), messageId: id.ToString(), cancellationToken: cancellationToken);
            await HubPolicyTests.ReceiptForAsync(thailand, id, cancellationToken);
            return id;
        }

        async Task<SignedTreeHead> FreshHeadAsync()
        {
            var response = await auditor.GetFromJsonAsync<TreeHeadResponse>("/audit/v1/tree-head?fresh=true", Json, cancellationToken);
            Assert.That(TreeHeadCodec.TryDecode(Convert.FromBase64String(response!.Sth), out var head, out _), Is.True);
            return head!;
        }

        var first = await SendAsync();
        var head1 = await FreshHeadAsync();
        await SendAsync();
        var head2 = await FreshHeadAsync();

        var consistency = await auditor.GetFromJsonAsync<ProofResponse>($"/audit/v1/consistency?first={head1.TreeSize}&second={head2.TreeSize}", Json, cancellationToken);
        var entries = await auditor.GetFromJsonAsync<List<EntryResponse>>($"/audit/v1/entries?start=0&count={head2.TreeSize}", Json, cancellationToken);
        var received = entries!.First(e => AuditEntryCodec.TryDecode(Convert.FromBase64String(e.Entry), out var entry, out _) && entry.Record is EnvelopeReceived r && r.EnvelopeId == first.ToString());
        var inclusion = await auditor.GetFromJsonAsync<ProofResponse>($"/audit/v1/inclusion?leafHash={received.LeafHash}&treeSize={head2.TreeSize}", Json, cancellationToken);
        var archived = await auditor.GetByteArrayAsync($"/audit/v1/envelopes/{first}", cancellationToken);
        var verifier = new CompositeTreeHeadVerifier([World.HubKey.PublicKey]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await anonymous.GetAsync("/audit/v1/tree-head", cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await wrong.GetAsync("/audit/v1/entries?start=0&count=1", cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await anonymous.GetAsync($"/audit/v1/envelopes/{first}", cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(verifier.Verify(head2.SignedPayload(), head2.Signature, out var why), Is.True, why);
            Assert.That(head2.TreeSize, Is.GreaterThan(head1.TreeSize));
            Assert.That(MerkleProof.VerifyConsistency(head1.TreeSize, head2.TreeSize, head1.RootHash, head2.RootHash, Hashes(consistency!.Path)), Is.EqualTo(ProofResult.Valid));
            Assert.That(MerkleHash.Leaf(Convert.FromBase64String(received.Entry)), Is.EqualTo(Convert.FromHexString(received.LeafHash)));
            Assert.That(MerkleProof.VerifyInclusion(inclusion!.From, head2.TreeSize, Convert.FromHexString(inclusion.LeafHash!), Hashes(inclusion.Path), head2.RootHash), Is.EqualTo(ProofResult.Valid));
            // A proof against the other head's root must fail: the proof is bound to its tree.
            Assert.That(MerkleProof.VerifyInclusion(inclusion.From, head2.TreeSize, Convert.FromHexString(inclusion.LeafHash!), Hashes(inclusion.Path), head1.RootHash), Is.Not.EqualTo(ProofResult.Valid));
            Assert.That(Envelope.TryReadHeader(archived, out var header, out _) && header.Id == first, Is.True, "the archived envelope is the one sent");
            Assert.That((await auditor.GetAsync("/audit/v1/entries?start=0&count=5000", cancellationToken)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
    }

    private static List<byte[]> Hashes(IReadOnlyList<string> hex) => [.. hex.Select(Convert.FromHexString)];
}
