using Broker.Hosting.Rabbit;

namespace Broker.Gateway.Tests;

/// <summary>Records confirmed publishes; while <see cref="Down"/> is set every publish throws as an unreachable broker would.</summary>
internal sealed class FakePublisher : IConfirmedPublisher
{
    private readonly List<OutgoingMessage> _messages = [];

    public bool Down { get; set; }

    /// <summary>How many of the next publishes throw as an unreachable broker would, before publishing works again.</summary>
    public int FailuresLeft { get; set; }

    public PublishOutcome Outcome { get; set; } = PublishOutcome.Confirmed;

    public IReadOnlyList<OutgoingMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public ValueTask<PublishOutcome> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        if (Down || (FailuresLeft > 0 && FailuresLeft-- > 0))
        {
            throw new IOException("broker unreachable (test)");
        }

        lock (_messages)
        {
            _messages.Add(message);
        }

        return ValueTask.FromResult(Outcome);
    }
}
