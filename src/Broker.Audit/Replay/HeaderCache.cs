using System.Diagnostics.CodeAnalysis;
using Broker.Protocol.Envelopes;

namespace Broker.Audit.Replay;

/// <summary>
/// The most recent archived envelopes and their parsed headers. Decisions follow their envelope closely in the log, so a small
/// window avoids re-reading the archive without holding a long log in memory.
/// </summary>
internal sealed class HeaderCache(int capacity = 4096)
{
    private readonly Dictionary<string, (EnvelopeHeader Header, byte[] Bytes)> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Put(string id, EnvelopeHeader header, byte[] bytes)
    {
        // A later envelope of the same id replaces the earlier one (its decisions follow it).
        if (!_items.TryAdd(id, (header, bytes)))
        {
            _items[id] = (header, bytes);
            return;
        }

        _order.Enqueue(id);
        while (_order.Count > capacity)
        {
            _items.Remove(_order.Dequeue());
        }
    }

    public bool TryGet(string id, [NotNullWhen(true)] out EnvelopeHeader? header, [NotNullWhen(true)] out byte[]? bytes)
    {
        var found = _items.TryGetValue(id, out var item);
        header = found ? item.Header : null;
        bytes = found ? item.Bytes : null;
        return found;
    }
}
