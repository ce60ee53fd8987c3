namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// What a call's cancellation token and deadline do to its running stream: reset it on the connection (the server
/// sees CANCEL and cancels the handler) and fail the caller with CANCELLED or DEADLINE_EXCEEDED.
/// </summary>
internal sealed class CallCancellation
{
    private readonly Http2ClientConnection _connection;
    private readonly Http2ClientStream _stream;

    public CallCancellation(Http2ClientConnection connection, Http2ClientStream stream)
    {
        _connection = connection;
        _stream = stream;
    }

    public void Cancel(bool deadlineExpired)
    {
        if (!_connection.Cancel(_stream))
        {
            // The stream had ended: its outcome stands.
            return;
        }

        _stream.TryFail(deadlineExpired
            ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded")
            : new RpcException(StatusCode.Cancelled, "Call canceled by the client."));
    }
}
