using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Broker.Testing.RabbitMq;

/// <summary>Captures how the broker refused an operation: the AMQP reply code and text that closed the channel or connection.</summary>
public static class AmqpRefusals
{
    public const ushort AccessRefused = 403;
    public const ushort PreconditionFailed = 406;
    public const ushort NotAllowed = 530;

    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="channel"/>, which must make the broker close the
    /// channel; returns the close reason. A channel error may surface on the operation itself or only on the
    /// next round trip, so this waits for the channel to close.
    /// </summary>
    public static async Task<ShutdownEventArgs> ChannelClosedByAsync(IChannel channel, Func<Task> operation, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is OperationInterruptedException or PublishException or AlreadyClosedException)
        {
            // Expected: the refusal itself; the close reason is read from the channel below.
        }

        await Eventually.WaitForAsync(() => channel.IsClosed, timeout, "the broker to close the channel", cancellationToken);
        return channel.CloseReason ?? throw new InvalidOperationException("The channel closed without a reason.");
    }

    /// <summary>
    /// Connects with <paramref name="factory"/>, which the broker must refuse, and returns how: the AMQP close
    /// code and text, or the exception. RabbitMQ.Client 7.2 can hand back a connection that looks open and is
    /// closed a moment later with 530 NOT_ALLOWED (a vhost the user has no access to), so both are covered.
    /// </summary>
    public static async Task<ConnectionRefusal> ConnectionRefusedAsync(IConnectionFactory factory, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        IConnection connection;
        try
        {
            connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        catch (BrokerUnreachableException ex)
        {
            var interrupted = Innermost<OperationInterruptedException>(ex) as OperationInterruptedException;
            return new ConnectionRefusal(interrupted?.ShutdownReason?.ReplyCode, ex);
        }

        await using (connection)
        {
            await Eventually.WaitForAsync(() => !connection.IsOpen, timeout, "the broker to close the refused connection", cancellationToken);
            var reason = connection.CloseReason;
            return new ConnectionRefusal(reason?.ReplyCode, null, reason?.ReplyText);
        }
    }

    /// <summary>The broker's refusal behind a failed connection attempt, searched through inner exceptions.</summary>
    public static Exception? Innermost<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return e;
            }
        }

        return null;
    }
}

/// <summary>How a connection was refused: an AMQP reply code when the broker sent one, and the exception or text.</summary>
public sealed record ConnectionRefusal(ushort? ReplyCode, Exception? Exception, string? ReplyText = null)
{
    public override string ToString() => $"{ReplyCode} {ReplyText} {Exception}";
}
