using System.Text.Json;
using Broker.Protocol.Envelopes;
using Broker.Protocol.Keys;
using Broker.Protocol.Registry;
using Broker.Protocol.Vocabulary;

namespace Broker.Protocol.Tests.Interop;

/// <summary>
/// Cross-implementation checks between Broker.Protocol and the independent Node.js implementation of protocols/envelope-v1.md
/// in tests/interop (written from the specification alone): .NET seals and Node opens, Node seals and .NET opens, and Node's
/// own suite passes every case of protocols/test-vectors/envelope-v1.json. Keys and the signed registry are the vector file's.
/// </summary>
[NonParallelizable]
public sealed class EnvelopeInteropTests
{
    private static readonly byte[] FullView = System.Text.Encoding.UTF8.GetBytes("{\"title\":\"Interop alert\",\"suspect\":\"A. N. Other\",\"account\":\"TH-0042\"}");
    private static readonly int[] Masks = [0x01, 0x80, 0xff];
    private static readonly byte[] RedactedView = System.Text.Encoding.UTF8.GetBytes("{\"title\":\"Interop alert\"}");

    private NodeInterop _node = null!;
    private string _dir = null!;
    private JsonElement _vectors;
    private TrustRegistry _registry = null!;
    private DateTimeOffset _now;

    [SetUp]
    public void SetUp()
    {
        _node = NodeInterop.RequireOrIgnore();
        _vectors = JsonDocument.Parse(File.ReadAllBytes(_node.VectorsPath)).RootElement.Clone();
        var anchorKey = _vectors.GetProperty("registry_key");
        Assert.That(SigningPublicKey.TryCreate(Hex(anchorKey, "ed25519_public_key"), Hex(anchorKey, "ml_dsa_65_public_key"), out var anchor), Is.True);
        Assert.That(TrustRegistry.TryLoad(Hex(_vectors, "signed_registry"), anchor!, out var registry, out var reason), Is.True, reason.ToString());
        _registry = registry!;
        _now = DateTimeOffset.FromUnixTimeMilliseconds(_vectors.GetProperty("now_ms").GetInt64());
        _dir = Directory.CreateTempSubdirectory("broker-interop-").FullName;
        File.WriteAllBytes(Path.Combine(_dir, "registry.bin"), Hex(_vectors, "signed_registry"));
    }

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void DotNetSeal_NodeOpens_EveryRecipientGetsItsViewAndOthersAreRefused()
    {
        using var sender = Keys("TH-ONCB");
        var envelope = Envelope.Seal(Request([("RU-MVD", 0), ("MY-PDRM", 1), ("SG-CNB", 1)]), sender);
        var path = Write("dotnet.env", envelope);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(NodeOpens(path, "RU-MVD"), Is.EqualTo((0, FullView)));
            Assert.That(NodeOpens(path, "MY-PDRM"), Is.EqualTo((1, RedactedView)));
            Assert.That(NodeOpens(path, "SG-CNB"), Is.EqualTo((1, RedactedView)));
            Assert.That(_node.CliReject(["open", .. Common(path), .. Recipient("TH-ONCB")]), Is.EqualTo((int)RejectReason.NotARecipient));
        }
    }

    [Test]
    public void DotNetStripAndTamper_NodeAgreesOnOutcome()
    {
        using var sender = Keys("TH-ONCB");
        var envelope = Envelope.Seal(Request([("RU-MVD", 0), ("MY-PDRM", 1), ("SG-CNB", 1)]), sender);
        Assert.That(Envelope.TryVerify(envelope, _registry, _now, out var verified, out var reason), Is.True, reason.ToString());
        var stripped = Write("stripped.env", Envelope.Strip(verified!, [AgencyId.Parse("MY-PDRM")]));
        var tampered = (byte[])envelope.Clone();
        tampered[40] ^= 0x01; // inside the signed header bytes
        var tamperedPath = Write("tampered.env", tampered);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(NodeOpens(stripped, "MY-PDRM"), Is.EqualTo((1, RedactedView)));
            Assert.That(_node.CliReject(["open", .. Common(stripped), .. Recipient("RU-MVD")]), Is.EqualTo((int)RejectReason.StanzaMissing));
            Assert.That(_node.CliReject(["verify", .. Common(tamperedPath)]), Is.EqualTo(ExpectedVerifyReject(tampered)));
        }
    }

    [Test]
    public void NodeSeal_DotNetVerifiesOpensAndStrips()
    {
        var request = new Dictionary<string, object?>
        {
            ["sender"] = "SG-CNB",
            ["id"] = Convert.ToHexStringLower(EnvelopeId.New().Bytes),
            ["kind"] = 2,
            ["in_reply_to"] = "0123456789abcdef0123456789abcdef",
            ["created_ms"] = _now.AddMinutes(-10).ToUnixTimeMilliseconds(),
            ["expires_ms"] = _now.AddDays(3).ToUnixTimeMilliseconds(),
            ["category"] = 7,
            ["priority"] = 4,
            ["tlp"] = 3,
            ["classification"] = 2,
            ["handling"] = 6,
            ["broadcast"] = false,
            ["views"] = new object[]
            {
                new { data_classes = new[] { "financial.account", "personal.identity" }, plaintext = Convert.ToHexStringLower(FullView) },
                new { data_classes = new[] { "operational.general" }, plaintext = Convert.ToHexStringLower(RedactedView) },
            },
            ["recipients"] = new object[]
            {
                new { agency = "TH-ONCB", view = 0, encryption_public_key = Agency("TH-ONCB").GetProperty("encryption_public_key").GetString() },
                new { agency = "RU-MVD", view = 1, encryption_public_key = Agency("RU-MVD").GetProperty("encryption_public_key").GetString() },
            },
        };
        var requestPath = Path.Combine(_dir, "request.json");
        File.WriteAllText(requestPath, JsonSerializer.Serialize(request));
        var seedPath = Write("sg.signing", Hex(Agency("SG-CNB"), "signing_seed"));
        var envelopePath = Path.Combine(_dir, "node.env");
        _node.Cli("seal", "--request", requestPath, "--signing-seed", seedPath, "--out", envelopePath);
        var envelope = File.ReadAllBytes(envelopePath);

        Assert.That(Envelope.TryVerify(envelope, _registry, _now, out var verified, out var reason), Is.True, reason.ToString());
        using var thailand = Keys("TH-ONCB");
        using var russia = Keys("RU-MVD");
        using var singapore = Keys("SG-CNB");
        var strippedToRussia = Envelope.Strip(verified!, [russia.Agency]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified!.Header.Sender, Is.EqualTo(AgencyId.Parse("SG-CNB")));
            Assert.That(verified.Header.InReplyTo, Is.Not.Null);
            Assert.That(OpensWithDotNet(envelope, thailand), Is.EqualTo((0, FullView)));
            Assert.That(OpensWithDotNet(envelope, russia), Is.EqualTo((1, RedactedView)));
            Assert.That(OpensWithDotNet(strippedToRussia, russia), Is.EqualTo((1, RedactedView)));
            Assert.That(Envelope.TryOpen(strippedToRussia, thailand, _registry, _now, out _, out reason), Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.StanzaMissing));
            Assert.That(Envelope.TryOpen(envelope, singapore, _registry, _now, out _, out reason), Is.False);
            Assert.That(reason, Is.EqualTo(RejectReason.NotARecipient));
        }
    }

    [Test]
    public void MutatedEnvelopes_NodeAndDotNet_AgreeOnEveryRejectCode()
    {
        // Every byte of the envelope map head, the header and the signature head, and a window at the views, xored with
        // three masks, plus truncations: both implementations must name the same first failure for every mutant.
        var vector = _vectors.GetProperty("sealed")[0];
        var envelope = Hex(vector, "envelope");
        var headerLength = (envelope[3] << 8) | envelope[4];
        var viewsKey = 5 + headerLength + 1 + 3397;
        var positions = Enumerable.Range(0, 5 + headerLength + 24).Concat(Enumerable.Range(viewsKey, 48));
        var mutations = positions.SelectMany(p => Masks.Select(mask => (Line: $"x {p} {mask}", Bytes: Xor(envelope, p, mask))))
            .Concat(Enumerable.Range(0, envelope.Length / 53).Select(i => i * 53).Append(envelope.Length - 1)
                .Select(n => (Line: $"t {n}", Bytes: envelope[..n])))
            .ToList();
        File.WriteAllLines(Path.Combine(_dir, "mutations.txt"), mutations.Select(m => m.Line));
        var answer = _node.Cli(["verify-mutations", .. Common(Write("base.env", envelope)).Skip(2), "--base", Path.Combine(_dir, "base.env"),
            "--mutations", Path.Combine(_dir, "mutations.txt")]);
        var nodeCodes = answer.GetProperty("codes").EnumerateArray().Select(e => e.GetInt32()).ToList();

        var disagreements = mutations.Select((m, i) => (m.Line, DotNet: DotNetVerifyCode(m.Bytes), Node: nodeCodes[i]))
            .Where(r => r.DotNet != r.Node).Select(r => $"{r.Line}: .NET {r.DotNet}, node {r.Node}").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(nodeCodes, Has.Count.EqualTo(mutations.Count));
            Assert.That(disagreements, Is.Empty, $"{disagreements.Count} of {mutations.Count} mutants disagree");
            Assert.That(nodeCodes.Distinct().Count(), Is.GreaterThan(8), "the mutants exercise too few reject codes to mean anything");
        }
    }

    [Test]
    public void NodeSuite_EveryVectorCase_Passes()
    {
        var (code, stdout, stderr) = _node.Run("--test");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, $"node --test failed:\n{stdout}\n{stderr}");
            Assert.That(stdout, Does.Contain("# fail 0"));
            Assert.That(stdout, Does.Match(@"# pass \d{2,}"), "the node suite ran fewer tests than the vector file holds");
        }
    }

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);

    private JsonElement Agency(string id) => _vectors.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);

    private AgencyKeys Keys(string id)
    {
        var a = Agency(id);
        return new AgencyKeys(AgencyId.Parse(id), SigningKeyPair.FromSeed(Hex(a, "signing_seed")), EncryptionKeyPair.FromSeed(Hex(a, "encryption_seed")));
    }

    private SealRequest Request(IEnumerable<(string Agency, int View)> recipients) => new()
    {
        Id = EnvelopeId.New(),
        Created = _now.AddMinutes(-5),
        Expires = _now.AddDays(1),
        Category = Category.DrugTrafficking,
        Priority = Priority.Urgent,
        Tlp = Tlp.Amber,
        Classification = Classification.Restricted,
        Handling = HandlingCodes.H0CrimeFightingOnly | HandlingCodes.H2NoOnwardWithoutConsent,
        Views =
        [
            new ViewContent([DataClass.Parse("financial.account"), DataClass.Parse("personal.identity")], FullView),
            new ViewContent([DataClass.Parse("operational.general")], RedactedView),
        ],
        Recipients = recipients.Select(r =>
        {
            Assert.That(EncryptionPublicKey.TryCreate(Hex(Agency(r.Agency), "encryption_public_key"), out var key), Is.True);
            return new RecipientSpec(AgencyId.Parse(r.Agency), r.View, key!);
        }).ToList(),
    };

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string[] Common(string envelopePath)
    {
        var anchor = _vectors.GetProperty("registry_key");
        return
        [
            "--envelope", envelopePath, "--registry", Path.Combine(_dir, "registry.bin"),
            "--anchor-ed25519", anchor.GetProperty("ed25519_public_key").GetString()!,
            "--anchor-ml-dsa-65", anchor.GetProperty("ml_dsa_65_public_key").GetString()!,
            "--now", _now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
    }

    private string[] Recipient(string agency) =>
        ["--agency", agency, "--encryption-seed", Write(agency + ".encryption", Hex(Agency(agency), "encryption_seed"))];

    private (int View, byte[] Plaintext) NodeOpens(string envelopePath, string agency)
    {
        var answer = _node.Cli(["open", .. Common(envelopePath), .. Recipient(agency)]);
        return (answer.GetProperty("view").GetInt32(), Convert.FromHexString(answer.GetProperty("plaintext").GetString()!));
    }

    private (int View, byte[] Plaintext) OpensWithDotNet(byte[] envelope, AgencyKeys recipient)
    {
        Assert.That(Envelope.TryOpen(envelope, recipient, _registry, _now, out var opened, out var reason), Is.True, reason.ToString());
        return (opened!.ViewIndex, opened.Plaintext);
    }

    private static byte[] Xor(byte[] bytes, int position, int mask)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] ^= (byte)mask;
        return copy;
    }

    private int DotNetVerifyCode(byte[] envelope) =>
        Envelope.TryVerify(envelope, _registry, _now, out _, out var reason) ? 0 : (int)reason;

    private int ExpectedVerifyReject(byte[] envelope)
    {
        Assert.That(Envelope.TryVerify(envelope, _registry, _now, out _, out var reason), Is.False);
        return (int)reason;
    }
}
