using Broker.Protocol.Transparency;


namespace Broker.Audit.Verification;

/// <summary>
/// The auditor's local memory of tree heads already seen: a text file, one base64 CBOR tree head per line. Every later run
/// checks that the log is still consistent with each of them, so a log that rewrites history after an audit is caught.
/// </summary>
public static class WitnessFile
{
    private const string Header = "# broker audit witness v1: one signed tree head per line (base64 CBOR)";

    /// <summary>Reads the file; a missing file is an empty witness. Lines that do not decode are counted in <paramref name="unreadable"/>.</summary>
    public static IReadOnlyList<SignedTreeHead> Load(string path, out int unreadable)
    {
        unreadable = 0;
        var heads = new List<SignedTreeHead>();
        if (!File.Exists(path))
        {
            return heads;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(line.Trim());
            }
            catch (FormatException)
            {
                unreadable++;
                continue;
            }

            if (TreeHeadCodec.TryDecode(bytes, out var head, out _))
            {
                heads.Add(head);
            }
            else
            {
                unreadable++;
            }
        }

        return heads;
    }

    /// <summary>Writes the heads (deduplicated by size and root), replacing the file atomically.</summary>
    public static void Save(string path, IEnumerable<SignedTreeHead> heads)
    {
        var lines = heads
            .DistinctBy(h => (h.TreeSize, h.RootHex, h.Timestamp))
            .OrderBy(h => h.TreeSize).ThenBy(h => h.Timestamp)
            .Select(h => Convert.ToBase64String(TreeHeadCodec.Encode(h)));
        var temporary = path + ".tmp";
        File.WriteAllLines(temporary, [Header, .. lines]);
        File.Move(temporary, path, overwrite: true);
    }
}
